/**
 * Sabotage for test/notebooks/sabotageClaims.test.ts, loaded into a kernel with NODE_OPTIONS=--require:
 * copyMatchingParams reports the same copied and kept params, but the target net keeps its own random
 * initialization (as if the copied layers were re-initialized). Lesson 06's fine-tuned net is then a net
 * trained from scratch, and the claim that fine-tuning beats training from scratch must fail.
 */
"use strict";
const path = require("path");

const root = path.resolve(__dirname, "../../..");
const tf = require(require.resolve("@tensorflow/tfjs-core", { paths: [root] }));
const copy = require(path.join(root, "dist/lib/schema/copyMatchingParams.js"));

const copyMatchingParams = copy.copyMatchingParams;
copy.copyMatchingParams = function reinitializedCopy(from, to) {
  const initial = Object.entries(to.params()).map(([name, p]) => [name, tf.keep(p.clone())]);
  const report = copyMatchingParams(from, to);
  const params = to.params();
  for (const [name, value] of initial) {
    params[name].assign(value);
    value.dispose();
  }
  return report;
};
