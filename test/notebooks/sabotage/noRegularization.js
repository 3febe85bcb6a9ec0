/**
 * Sabotage for test/notebooks/sabotageRegularization.test.ts, loaded into a kernel with
 * NODE_OPTIONS=--require: every MultiLayerNet is built without dropout and without weight
 * decay, whatever its options say. Lesson 02's regularized nets are then the plain net, and the
 * check that they narrow the train-test gap must fail.
 */
"use strict";
const path = require("path");

const root = path.resolve(__dirname, "../../..");
// The very module the kernel's `import ... from "nnlab"` reaches (dist/lib re-exports it by getters).
const multiLayerNet = require(path.join(root, "dist/lib/nets/multiLayerNet.js"));

const Original = multiLayerNet.MultiLayerNet;
multiLayerNet.MultiLayerNet = class MultiLayerNet extends Original {
  constructor(options) {
    super({ ...options, useDropout: false, weightDecayLambda: 0 });
  }
};
