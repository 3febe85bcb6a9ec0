import * as tf from "@tensorflow/tfjs-core";
import { tfjsDeepConvNet } from "../../lib/nets/tfjsDeepConvNet";

/** A fixed batch of 8 random "images" and their labels. */
function batch(): { x: tf.Tensor; t: tf.Tensor } {
  return { x: tf.randomUniform([8, 1, 28, 28], 0, 1, "float32", 3), t: tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7]) };
}

/** The first weights of the last dense layer after some training steps on the fixed batch. */
async function weightsAfterSteps(seed: number, steps: number): Promise<number[]> {
  const model = tfjsDeepConvNet({ seed });
  const { x, t } = batch();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, t);
  const weights = model.getWeights();
  const last = Array.from(weights[weights.length - 2].dataSync()).slice(0, 20);
  tf.dispose([x, t]);
  model.dispose();
  return last;
}

describe("tfjsDeepConvNet", () => {
  test("a seeded build trains the same way in every run, dropout included", async () => {
    const a = await weightsAfterSteps(1, 3);
    // Unseeded randomness in between must not matter.
    tf.dispose(tf.randomUniform([1000]));
    const b = await weightsAfterSteps(1, 3);
    expect(b).toEqual(a);
    const other = await weightsAfterSteps(2, 3);
    expect(other).not.toEqual(a);
  }, 60_000);

  test("dropout draws a new mask at every training call", () => {
    const model = tfjsDeepConvNet({ seed: 1 });
    const { x } = batch();
    const first = (model.apply(x, { training: true }) as tf.Tensor).dataSync();
    const second = (model.apply(x, { training: true }) as tf.Tensor).dataSync();
    expect(Array.from(second)).not.toEqual(Array.from(first));
    // Without training, no dropout: the same output both times.
    const p1 = (model.apply(x) as tf.Tensor).dataSync();
    const p2 = (model.apply(x) as tf.Tensor).dataSync();
    expect(Array.from(p2)).toEqual(Array.from(p1));
    model.dispose();
  });
});
