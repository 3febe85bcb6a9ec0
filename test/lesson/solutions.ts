/**
 * Reference solutions of lesson 01's exercises, written as a learner would (the book's
 * protocol, plain tf ops), and helpers to grade them in tests.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { crossEntropyError } from "../../lib/functions/crossEntropyError";
import { softmax } from "../../lib/functions/softmax";

export class MulLayer {
  x = 0;
  y = 0;
  forward(x: number, y: number): number {
    this.x = x;
    this.y = y;
    return x * y;
  }
  backward(dout: number): [number, number] {
    return [dout * this.y, dout * this.x];
  }
}

export class AddLayer {
  forward(x: number, y: number): number {
    return x + y;
  }
  backward(dout: number): [number, number] {
    return [dout, dout];
  }
}

export class Sigmoid {
  out?: Tensor;
  forward(x: Tensor): Tensor {
    this.out = tf.div(1, tf.add(1, tf.exp(tf.neg(x))));
    return this.out;
  }
  backward(dout: Tensor): Tensor {
    return tf.mul(dout, tf.mul(this.out!, tf.sub(1, this.out!)));
  }
}

export class Affine {
  x?: Tensor;
  dW?: Tensor;
  db?: Tensor;
  constructor(
    public W: Tensor,
    public b: Tensor,
  ) {}
  forward(x: Tensor): Tensor {
    this.x = x;
    return tf.add(tf.matMul(x, this.W), this.b);
  }
  backward(dout: Tensor): Tensor {
    this.dW = tf.matMul(this.x!, dout, true, false);
    this.db = tf.sum(dout, 0);
    return tf.matMul(dout, this.W, false, true);
  }
}

export class SoftmaxWithLoss {
  y?: Tensor;
  t?: Tensor;
  forward(x: Tensor, t: Tensor): Tensor {
    this.t = t;
    this.y = softmax(x);
    return crossEntropyError(this.y, t);
  }
  backward(dout = 1): Tensor {
    const N = this.t!.shape[0];
    return tf.mul(tf.sub(this.y!, this.t!), dout / N);
  }
}

/** A learner's-edition stub: what the handout leaves in place of a solution. */
export class Stub {
  forward(): never {
    throw new Error("not implemented yet: write Sigmoid's forward");
  }
  backward(): never {
    throw new Error("not implemented yet: write Sigmoid's backward");
  }
}
