import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { gradeExercise } from "../../../lib/lesson";
import { Affine } from "../solutions";

const hintOf = (solution: unknown) => gradeExercise("affine-forward-backward", solution).hint ?? "";

describe("affine-forward-backward", () => {
  it("passes the book's Affine", () => {
    expect(gradeExercise("affine-forward-backward", Affine).passed).toBe(true);
  });

  it("names a transposed weight gradient", () => {
    class TransposedDW extends Affine {
      override backward(dout: Tensor): Tensor {
        const dx = super.backward(dout);
        this.dW = tf.matMul(dout, this.x!, true, false);
        return dx;
      }
    }
    expect(hintOf(TransposedDW)).toBe(
      "dW with x [3, 4], W [4, 2] has shape [2, 4] but should be [4, 2]: it looks transposed (check the order of the matrix product and which matrix is transposed)",
    );
  });

  it("names dx computed with W instead of Wᵀ", () => {
    class UntransposedW extends Affine {
      override backward(dout: Tensor): Tensor {
        super.backward(dout);
        return tf.matMul(dout, this.W);
      }
    }
    expect(hintOf(UntransposedW)).toContain("not transposed where it should be");
  });

  it("names a missing db, and a db left per sample or averaged", () => {
    class NoDb extends Affine {
      override backward(dout: Tensor): Tensor {
        const dx = super.backward(dout);
        this.db = undefined;
        return dx;
      }
    }
    expect(hintOf(NoDb)).toContain("db is missing");
    class PerSample extends Affine {
      override backward(dout: Tensor): Tensor {
        const dx = super.backward(dout);
        this.db = dout;
        return dx;
      }
    }
    expect(hintOf(PerSample)).toContain("it still has the batch axis, sum it over the batch");
    class Mean extends Affine {
      override backward(dout: Tensor): Tensor {
        const dx = super.backward(dout);
        this.db = tf.mean(dout, 0);
        return dx;
      }
    }
    expect(hintOf(Mean)).toBe("db with x [3, 4], W [4, 2] is 3 times too small: do not divide by the batch size N = 3 here");
  });

  it("names a wrong sign in dW and a missing bias", () => {
    class NegativeDW extends Affine {
      override backward(dout: Tensor): Tensor {
        const dx = super.backward(dout);
        this.dW = tf.neg(this.dW!);
        return dx;
      }
    }
    expect(hintOf(NegativeDW)).toContain("dW with x [3, 4], W [4, 2] has the wrong sign");
    class NoBias extends Affine {
      override forward(x: Tensor): Tensor {
        this.x = x;
        return tf.matMul(x, this.W);
      }
    }
    expect(hintOf(NoBias)).toContain("add the bias b");
  });

  it("names a transposed dx on a square W, where the shape cannot tell", () => {
    class SquareSlip extends Affine {
      override backward(dout: Tensor): Tensor {
        const dx = super.backward(dout);
        return this.W.shape[0] === this.W.shape[1] ? tf.matMul(dout, this.W) : dx;
      }
    }
    expect(hintOf(SquareSlip)).toContain("dx with x [3, 3], W [3, 3]: it is dout · W; use the transpose");
  });

  it("reports the batch of one separately", () => {
    class BreaksOnOne extends Affine {
      override backward(dout: Tensor): Tensor {
        const dx = super.backward(dout);
        if (dout.shape[0] === 1) this.db = tf.squeeze(dout).reshape([1, -1]);
        return dx;
      }
    }
    const result = gradeExercise("affine-forward-backward", BreaksOnOne);
    expect(result.hint).toContain("db with x [1, 5], W [5, 3] has shape [1, 3] but should be [3]");
    expect(result.checks.filter((c) => c.passed).length).toBe(2);
  });
});
