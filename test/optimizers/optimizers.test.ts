import * as tf from "@tensorflow/tfjs-core";
import { AdaGrad, Adam, Momentum, Nesterov, RMSprop, SGD, createOptimizer, type Optimizer } from "../../lib/optimizers";
import { expectClose } from "../helpers/expectClose";

/** One param p = [1, -2] with the same grad g = [0.5, 1] at every step. */
function run(opt: Optimizer, steps: number): number[] {
  const p = tf.variable(tf.tensor1d([1, -2]));
  const g = tf.tensor1d([0.5, 1]);
  for (let i = 0; i < steps; i++) opt.update({ p }, { p: g });
  const out = Array.from(p.dataSync());
  p.dispose();
  g.dispose();
  opt.dispose();
  return out;
}

describe("optimizers: the book's update rules on hand-computed numbers", () => {
  test("SGD: p - lr g", () => {
    expectClose(run(new SGD({ lr: 0.1 }), 1), [0.95, -2.1]);
    expectClose(run(new SGD({ lr: 0.1 }), 2), [0.9, -2.2]);
  });

  test("Momentum: v = 0.9 v - lr g; p += v", () => {
    // step 1: v = [-0.05, -0.1]; step 2: v = [-0.095, -0.19]
    expectClose(run(new Momentum({ lr: 0.1, momentum: 0.9 }), 1), [0.95, -2.1]);
    expectClose(run(new Momentum({ lr: 0.1, momentum: 0.9 }), 2), [0.855, -2.29]);
  });

  test("Nesterov: p += m^2 v - (1 + m) lr g", () => {
    // step 1: v = [-0.05, -0.1]; p = 1 - 0.81*0.05 - 1.9*0.05 = 0.8645, -2 - 0.081 - 0.19 = -2.271
    expectClose(run(new Nesterov({ lr: 0.1, momentum: 0.9 }), 1), [0.8645, -2.271]);
    // step 2: v = [-0.095, -0.19]; p = 0.8645 - 0.81*0.095 - 0.095 = 0.69255, -2.271 - 0.1539 - 0.19 = -2.6149
    expectClose(run(new Nesterov({ lr: 0.1, momentum: 0.9 }), 2), [0.69255, -2.6149]);
  });

  test("AdaGrad: h += g^2; p -= lr g / sqrt(h)", () => {
    // step 1: g / sqrt(g^2) = sign(g); step 2: h = 2 g^2, so the step is lr / sqrt(2)
    expectClose(run(new AdaGrad({ lr: 0.1 }), 1), [0.9, -2.1]);
    expectClose(run(new AdaGrad({ lr: 0.1 }), 2), [0.9 - 0.1 / Math.SQRT2, -2.1 - 0.1 / Math.SQRT2]);
  });

  test("RMSprop: h = 0.99 h + 0.01 g^2", () => {
    // step 1: sqrt(h) = 0.1 |g|, so the step is 10 lr = 1
    expectClose(run(new RMSprop({ lr: 0.1, decayRate: 0.99 }), 1), [0, -3]);
    // step 2: h = 0.0199 g^2, step = lr / sqrt(0.0199)
    const s = 0.1 / Math.sqrt(0.0199);
    expectClose(run(new RMSprop({ lr: 0.1, decayRate: 0.99 }), 2), [0 - s, -3 - s]);
  });

  test("Adam: the bias-corrected first steps are lr * sign(g) for a constant gradient", () => {
    // lr_1 = lr sqrt(1 - b2) / (1 - b1); m = (1 - b1) g; v = (1 - b2) g^2 -> step lr
    expectClose(run(new Adam({ lr: 0.1 }), 1), [0.9, -2.1], { atol: 1e-5 });
    // with a constant g the bias-corrected m/sqrt(v) stays sign(g)
    expectClose(run(new Adam({ lr: 0.1 }), 2), [0.8, -2.2], { atol: 1e-5 });
  });

  test("Adam with beta1 = 0.5 on a changing gradient matches the formula written out", () => {
    const p = tf.variable(tf.scalar(1));
    const opt = new Adam({ lr: 0.1, beta1: 0.5, beta2: 0.9 });
    let pv = 1,
      m = 0,
      v = 0;
    for (let it = 1; it <= 3; it++) {
      const gv = 2 * pv; // f = p^2
      const g = tf.scalar(gv);
      opt.update({ p }, { p: g });
      g.dispose();
      const lrT = (0.1 * Math.sqrt(1 - 0.9 ** it)) / (1 - 0.5 ** it);
      m += 0.5 * (gv - m);
      v += 0.1 * (gv * gv - v);
      pv -= (lrT * m) / (Math.sqrt(v) + 1e-7);
      expectClose(p, pv, { atol: 1e-6 });
    }
    expect(opt.iterations).toBe(3);
    p.dispose();
    opt.dispose();
    expect(opt.iterations).toBe(0);
  });
});

describe("optimizers minimize the book's f(x, y) = x^2 / 20 + y^2 from (-7, 2)", () => {
  const f = (x: number, y: number) => (x * x) / 20 + y * y;
  const cases: [string, () => Optimizer, number][] = [
    ["SGD", () => new SGD({ lr: 0.95 }), 200],
    ["Momentum", () => new Momentum({ lr: 0.1 }), 200],
    ["Nesterov", () => new Nesterov({ lr: 0.1 }), 200],
    ["AdaGrad", () => new AdaGrad({ lr: 1.5 }), 200],
    ["RMSprop", () => new RMSprop({ lr: 0.1 }), 200],
    ["Adam", () => new Adam({ lr: 0.3 }), 200],
  ];
  test.each(cases)("%s", (_name, make, steps) => {
    const opt = make();
    const params = { x: tf.variable(tf.scalar(-7)), y: tf.variable(tf.scalar(2)) };
    const start = f(-7, 2);
    for (let i = 0; i < steps; i++) {
      const grads = tf.tidy(() => ({ x: tf.div(params.x, 10), y: tf.mul(params.y, 2) }));
      opt.update(params, grads);
      tf.dispose(grads);
    }
    const [x, y] = [params.x.dataSync()[0], params.y.dataSync()[0]];
    expect(f(x, y)).toBeLessThan(start * 1e-3);
    tf.dispose(params);
    opt.dispose();
  });
});

describe("optimizers: errors and memory", () => {
  const all: [string, () => Optimizer][] = [
    ["SGD", () => new SGD()],
    ["Momentum", () => new Momentum()],
    ["Nesterov", () => new Nesterov()],
    ["AdaGrad", () => new AdaGrad()],
    ["RMSprop", () => new RMSprop()],
    ["Adam", () => new Adam()],
  ];

  const stateSlots: Record<string, number> = { SGD: 0, Momentum: 1, Nesterov: 1, AdaGrad: 1, RMSprop: 1, Adam: 2 };

  test.each(all)("%s: no tensor is leaked per update (state is created once)", (name, make) => {
    const opt = make();
    const params = { "Affine1.W": tf.variable(tf.ones([3, 2])), "Affine1.b": tf.variable(tf.zeros([2])) };
    const grads = { "Affine1.W": tf.fill([3, 2], 0.1), "Affine1.b": tf.fill([2], -0.1) };
    opt.update(params, grads); // creates the state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) opt.update(params, grads);
    expect(tf.memory().numTensors).toBe(before);
    // one state tensor per slot and param, freed by dispose
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before - 2 * stateSlots[name]);
    tf.dispose([params, grads]);
  });

  test.each(all)("%s: a grad whose shape or name does not match is an error naming both", (_name, make) => {
    const opt = make();
    const p = tf.variable(tf.zeros([3, 2]));
    const bad = tf.zeros([2, 3]);
    expect(() => opt.update({ "Affine1.W": p }, { "Affine1.W": bad })).toThrow(
      /grad "Affine1\.W" has shape \[2, 3\] but param "Affine1\.W" has shape \[3, 2\]/,
    );
    expect(() => opt.update({ "Affine1.W": p }, { "Affine2.W": bad })).toThrow(RangeError);
    expect(() => opt.update({ "Affine1.W": p }, { "Affine1.W": tf.zeros([3, 2]), "Affine2.W": bad })).toThrow(
      /grad "Affine2\.W" has no param of that name/,
    );
    expect(() => opt.update({ "Affine1.W": p }, {})).toThrow(/param "Affine1\.W" has no grad/);
    expect(Array.from(p.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    tf.dispose([p, bad]);
    opt.dispose();
  });

  test("bad hyper-parameters are RangeErrors naming the optimizer and argument", () => {
    expect(() => new SGD({ lr: -1 })).toThrow(/SGD: lr must be a finite number > 0, got -1/);
    expect(() => new Momentum({ momentum: 1 })).toThrow(/Momentum: momentum must be/);
    expect(() => new Adam({ beta2: NaN })).toThrow(/Adam: beta2 .* got NaN/);
    expect(() => new RMSprop({ decayRate: 1.5 })).toThrow(RangeError);
  });

  test("createOptimizer builds by name and rejects unknown names", () => {
    const opt = createOptimizer("Momentum", { lr: 0.2, momentum: 0.5 });
    expect(opt).toBeInstanceOf(Momentum);
    expect(opt.lr).toBe(0.2);
    expect((opt as Momentum).momentum).toBe(0.5);
    expect(createOptimizer("adam")).toBeInstanceOf(Adam);
    expect(() => createOptimizer("lbfgs")).toThrow(/createOptimizer: name must be one of sgd, momentum, .* got "lbfgs"/);
  });
});
