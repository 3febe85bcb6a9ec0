import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { gradeExercise } from "../../../lib/lesson";
import { Sigmoid, Stub } from "../solutions";

const hintOf = (solution: unknown) => gradeExercise("sigmoid-backward", solution).hint ?? "";

describe("sigmoid-backward", () => {
  it("passes the book's Sigmoid", () => {
    expect(gradeExercise("sigmoid-backward", Sigmoid).passed).toBe(true);
  });

  it("names a forgotten dout", () => {
    class NoDout extends Sigmoid {
      override backward(): Tensor {
        return tf.mul(this.out!, tf.sub(1, this.out!));
      }
    }
    expect(hintOf(NoDout)).toBe("backward(dout) on [2, 3]: multiply the local gradient y * (1 - y) by dout");
  });

  it("names the input used in place of the output", () => {
    class UsesX extends Sigmoid {
      x?: Tensor;
      override forward(x: Tensor): Tensor {
        this.x = x;
        return super.forward(x);
      }
      override backward(dout: Tensor): Tensor {
        return tf.mul(dout, tf.mul(this.x!, tf.sub(1, this.x!)));
      }
    }
    expect(hintOf(UsesX)).toContain("use the output y, not the input x");
  });

  it("names a wrong sign", () => {
    class Negative extends Sigmoid {
      override backward(dout: Tensor): Tensor {
        return tf.neg(super.backward(dout));
      }
    }
    expect(hintOf(Negative)).toBe("backward(dout) on [2, 3] has the wrong sign: every entry is the negative of the expected value");
  });

  it("names a wrong shape, and the first wrong entry of a wrong forward", () => {
    class Summed extends Sigmoid {
      override backward(dout: Tensor): Tensor {
        return tf.sum(super.backward(dout), 0);
      }
    }
    expect(hintOf(Summed)).toBe("backward(dout) on [2, 3] has shape [3] but should be [2, 3]");
    class Tanh extends Sigmoid {
      override forward(x: Tensor): Tensor {
        this.out = tf.tanh(x);
        return this.out;
      }
    }
    expect(hintOf(Tanh)).toMatch(/^forward\(x\) on \[2, 3\] is wrong at index \[0, 0\]: expected [-\d.]+, got [-\d.]+$/);
  });

  it("names a stub that is not written yet", () => {
    expect(hintOf(Stub)).toContain("your code is not written yet");
  });
});
