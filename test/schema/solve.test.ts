import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs-core";
import { loadMnist } from "../../lib/data/mnist";
import type { Net } from "../../lib/nets/net";
import { netFromSchema } from "../../lib/schema/netFromSchema";
import { solve, snapshotFiles } from "../../lib/schema/solve";
import { parseSolver } from "../../lib/schema/solver";
import { expectClose } from "../helpers/expectClose";

const SCHEMA = `name: "tiny"
input: "data" input_shape { dim: 1 dim: 1 dim: 28 dim: 28 } input: "label"
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
  convolution_param { num_output: 4 kernel_size: 5 stride: 2 weight_filler { type: "msra" } } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "fc1" type: "InnerProduct" bottom: "pool1" top: "fc1" inner_product_param { num_output: 10 weight_filler { type: "xavier" } } }
layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc1" bottom: "label" top: "loss" }`;

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-solve-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const params = (net: Net): Record<string, Float32Array> =>
  Object.fromEntries(Object.entries(net.params()).map(([k, v]) => [k, v.dataSync() as Float32Array]));

describe("solve: a solver that snapshots and resumes", () => {
  const { train } = loadMnist({ normalize: true, trainLimit: 240, testLimit: 10 });

  test.each([
    ["SGD with momentum, step policy", `type: "SGD" base_lr: 0.05 momentum: 0.9 lr_policy: "step" gamma: 0.5 stepsize: 7`],
    ["Adam (its step count is part of the state)", `type: "Adam" base_lr: 0.002 lr_policy: "fixed"`],
  ])("%s: 20 iterations straight equal 10, a resume from the snapshot into a fresh net, and 10 more", async (_label, spec) => {
    const prefix = path.join(tmp, _label.split(" ")[0]);
    const solver = parseSolver(`${spec} max_iter: 20 snapshot: 10 snapshot_prefix: "${prefix}" weight_decay: 0.001`);
    const straight = netFromSchema(SCHEMA, { seed: 1, weightDecayLambda: solver.weightDecay });
    const all = await solve(straight, solver, train, { batchSize: 32, seed: 5 });
    expect(all.iteration).toBe(20);
    expect(all.snapshots).toEqual([snapshotFiles(solver, 10), snapshotFiles(solver, 20)]);
    expect(all.losses[19]).toBeLessThan(all.losses[0]); // it trains

    // The first half again, in a run that stops at 10 (its snapshot overwrites the same files).
    const first = netFromSchema(SCHEMA, { seed: 1, weightDecayLambda: solver.weightDecay });
    const half = await solve(first, solver, train, { batchSize: 32, seed: 5, stopAt: 10 });
    expect(half.iteration).toBe(10);
    // A net built from another seed: everything it ends with comes from the snapshot.
    const resumed = netFromSchema(SCHEMA, { seed: 99, weightDecayLambda: solver.weightDecay });
    const rest = await solve(resumed, solver, train, { batchSize: 32, seed: 5, resumeFrom: snapshotFiles(solver, 10)[1] });
    expect(rest.iteration).toBe(20);
    expect(rest.losses).toHaveLength(10);
    expectClose(rest.losses, all.losses.slice(10), { atol: 1e-5, rtol: 1e-4 });
    const a = params(straight);
    const b = params(resumed);
    for (const k of Object.keys(a)) expectClose(b[k], a[k], { atol: 1e-6, rtol: 1e-5 });
    [straight, first, resumed].forEach((n) => n.dispose());
  });

  test("resume errors name the file and what is wrong; no tensors leak over a run", async () => {
    const prefix = path.join(tmp, "err");
    const solver = parseSolver(`type: "SGD" base_lr: 0.01 momentum: 0.9 max_iter: 4 snapshot: 2 snapshot_prefix: "${prefix}"`);
    const net = netFromSchema(SCHEMA, { seed: 1 });
    await solve(net, solver, train, { batchSize: 16, stopAt: 2 });
    const before = tf.memory().numTensors;
    await solve(net, solver, train, { batchSize: 16, resumeFrom: snapshotFiles(solver, 2)[1] });
    expect(tf.memory().numTensors).toBe(before);
    const adam = parseSolver(`type: "Adam" base_lr: 0.01 max_iter: 4 snapshot: 2 snapshot_prefix: "${prefix}"`);
    await expect(solve(net, adam, train, { resumeFrom: snapshotFiles(solver, 2)[1] })).rejects.toThrow(
      `solve: ${snapshotFiles(solver, 2)[1]} holds the state of "Momentum", but this run uses Adam`,
    );
    await expect(solve(net, solver, train, { resumeFrom: snapshotFiles(solver, 2)[0] })).rejects.toThrow(
      "solve: resumeFrom must be a snapshot's .solverstate file",
    );
    await expect(solve(net, solver, train, { batchSize: 1000 })).rejects.toThrow(
      "solve: batchSize must be an integer from 1 to the 240 samples",
    );
    net.dispose();
  });
});
