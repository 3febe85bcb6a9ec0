import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { crossEntropyError } from "../../../lib/functions/crossEntropyError";
import { gradeExercise } from "../../../lib/lesson";
import { SoftmaxWithLoss } from "../solutions";

const hintOf = (solution: unknown) => gradeExercise("softmax-with-loss-backward", solution).hint ?? "";

describe("softmax-with-loss-backward", () => {
  it("passes the book's SoftmaxWithLoss", () => {
    expect(gradeExercise("softmax-with-loss-backward", SoftmaxWithLoss).passed).toBe(true);
  });

  it("names a missing division by the batch", () => {
    class NoBatch extends SoftmaxWithLoss {
      override backward(dout = 1): Tensor {
        return tf.mul(tf.sub(this.y!, this.t!), dout);
      }
    }
    expect(hintOf(NoBatch)).toBe("backward() with x [4, 3] is 4 times too large: divide by the batch size N = 4");
  });

  it("names a wrong sign", () => {
    class Negative extends SoftmaxWithLoss {
      override backward(dout = 1): Tensor {
        return tf.mul(tf.sub(this.t!, this.y!), dout / this.t!.shape[0]);
      }
    }
    expect(hintOf(Negative)).toContain("has the wrong sign");
  });

  it("names a forgotten dout and forgotten labels", () => {
    class NoDout extends SoftmaxWithLoss {
      override backward(): Tensor {
        return super.backward(1);
      }
    }
    expect(hintOf(NoDout)).toBe("backward(2): multiply by dout: dx = (y - t) / N * dout");
    class NoLabels extends SoftmaxWithLoss {
      override backward(dout = 1): Tensor {
        return tf.mul(this.y!, dout / this.t!.shape[0]);
      }
    }
    expect(hintOf(NoLabels)).toContain("subtract the one-hot labels t");
  });

  it("names a wrong shape", () => {
    class RowSums extends SoftmaxWithLoss {
      override backward(dout = 1): Tensor {
        return tf.sum(super.backward(dout), 1);
      }
    }
    expect(hintOf(RowSums)).toBe("backward() with x [4, 3] has shape [4] but should be [4, 3]");
  });

  it("names a softmax that overflows on large scores", () => {
    class Naive extends SoftmaxWithLoss {
      override forward(x: Tensor, t: Tensor): Tensor {
        this.t = t;
        const e = tf.exp(x);
        this.y = tf.div(e, tf.sum(e, 1, true));
        return crossEntropyError(this.y, t);
      }
    }
    expect(hintOf(Naive)).toContain("exp overflows; subtract each row's max before exp");
  });
});
