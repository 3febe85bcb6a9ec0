/**
 * Sabotage for test/notebooks/sabotage.test.ts, loaded into a kernel with NODE_OPTIONS=--require:
 * Affine's backward returns dx and stores dW scaled by 1.1, a plausible bug (a stray factor)
 * that a forward pass, a loss curve or a shape check would not show. Lesson 01's checks must.
 */
"use strict";
const path = require("path");

const root = path.resolve(__dirname, "../../..");
// The very module files the kernel's `import ... from "nnlab"` loads (package.json main: dist/lib).
const tf = require(require.resolve("@tensorflow/tfjs-core", { paths: [root] }));
const { Affine } = require(path.join(root, "dist/lib/layers/affine.js"));

const backward = Affine.prototype.backward;
Affine.prototype.backward = function sabotagedBackward(dout) {
  const dx = backward.call(this, dout);
  const grads = this.currentGrads;
  this.currentGrads = { W: tf.keep(tf.mul(grads.W, 1.1)), b: grads.b };
  grads.W.dispose();
  const scaled = tf.mul(dx, 1.1);
  dx.dispose();
  return scaled;
};
