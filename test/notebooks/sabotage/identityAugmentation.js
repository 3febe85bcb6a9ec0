/**
 * Sabotage for test/notebooks/sabotageClaims.test.ts, loaded into a kernel with NODE_OPTIONS=--require:
 * augmentDataset still returns (1 + copies) x the images with the labels repeated, but every copy is the
 * original unchanged (no rotation, shift, zoom or distortion). Lesson 05's preview still counts 50 images;
 * its experiment must now fail to show that augmentation narrows the gap.
 */
"use strict";
const path = require("path");

const root = path.resolve(__dirname, "../../..");
// The very module file whose export the kernel's `import ... from "nnlab"` reaches (through getters).
const augment = require(path.join(root, "dist/lib/data/augment/augmentDataset.js"));

const augmentDataset = augment.augmentDataset;
augment.augmentDataset = function identityAugmentation(ds, options = {}) {
  return augmentDataset(ds, { copies: options.copies, seed: options.seed });
};
