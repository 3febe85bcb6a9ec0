/**
 * PyTorch as a bench contender: a persistent `torch_deepconvnet.py --serve` process that takes its
 * steps on command, so it runs in the same alternating blocks as the TF.js contenders and sees the
 * same machine load (run afterwards, its ratio moved from 0.43 to 0.30 between two runs).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "child_process";
import * as path from "path";
import * as readline from "readline";

const PYTHON = "/usr/bin/python3";

/** A running PyTorch stepper. */
export interface TorchStepper {
  readonly version: string;
  readonly threads: number;
  /** Runs `count` steps of `kind` in PyTorch; resolves with the wall time PyTorch measured. */
  steps(kind: "train" | "infer", count: number): Promise<number>;
  close(): void;
}

/** Why PyTorch cannot run here, or undefined when Debian's python3-torch imports. */
export function torchUnavailable(): string | undefined {
  const r = spawnSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" });
  return r.status === 0 ? undefined : "Debian's python3-torch is not installed (apt-get install python3-torch)";
}

/**
 * Starts the stepper with `threads` threads and waits until it has warmed up.
 *
 * @example
 * const torch = await startTorch(2);
 * const s = await torch.steps("train", 2);
 */
export async function startTorch(threads: number): Promise<TorchStepper> {
  const script = path.join(__dirname, "..", "..", "bench", "torch_deepconvnet.py");
  const child: ChildProcessWithoutNullStreams = spawn(PYTHON, [script, "--serve", "--threads", String(threads)]);
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const r = await lines.next();
    if (r.done) throw new Error(`PyTorch stepper ended: ${stderr.trim().split("\n").pop() ?? "no output"}`);
    return JSON.parse(r.value) as Record<string, unknown>;
  };
  const ready = await next();
  return {
    version: String(ready.torch),
    threads: Number(ready.threads),
    async steps(kind, count) {
      child.stdin.write(`${kind} ${count}\n`);
      const reply = await next();
      if (typeof reply.seconds !== "number") throw new Error(`PyTorch stepper: ${String(reply.error)}`);
      return reply.seconds;
    },
    close() {
      child.stdin.end();
    },
  };
}
