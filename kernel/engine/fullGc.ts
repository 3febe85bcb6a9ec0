/**
 * A full, synchronous V8 garbage collection, without starting Node with --expose-gc: the flag is
 * set at run time and `gc` is taken from a fresh context, so the learner's global scope never
 * gets a `gc` function.
 */
import * as v8 from "v8";
import * as vm from "vm";
import type { ReleaseTrigger } from "../tensorRelease";

let gcFn: (() => void) | undefined;

/**
 * Runs a full (major, compacting) garbage collection now. WeakRefs to what it found unreachable
 * read `undefined` as soon as it returns, except objects that the current job created or
 * dereferenced (the language keeps those alive until the job ends).
 *
 * @example
 * fullGc();
 */
export function fullGc(): void {
  if (!gcFn) {
    v8.setFlagsFromString("--expose-gc");
    gcFn = vm.runInNewContext("gc") as () => void;
  }
  gcFn();
}

/**
 * Runs full collections until the process's resident memory stops falling (V8 returns freed
 * pages to the system from background tasks, a little after the collection), at most 5 s. For
 * measuring memory without garbage in it; never on a cell's path.
 *
 * @example
 * await settledFullGc(); // then read VmRSS
 */
export async function settledFullGc(): Promise<void> {
  const deadline = Date.now() + 5000;
  let last = Infinity;
  for (;;) {
    fullGc();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const rss = process.memoryUsage.rss();
    if (last - rss < 1024 * 1024 || Date.now() > deadline) return;
    last = rss;
  }
}

/**
 * Node's trigger for tensor release (kernel/tensorRelease): a full GC before each sweep, so a
 * sweep finds everything unreachable. A full GC costs tens of milliseconds on a big heap, so
 * while a cell runs one comes only every 64 MB of new tensor data. Warnings go to the kernel's
 * log (stderr), not to the cell's output.
 *
 * @example
 * installTensorRelease(fullGcTrigger);
 */
export const fullGcTrigger: ReleaseTrigger = {
  growthBytes: 64 * 1024 * 1024,
  collect: fullGc,
  grew: () => {},
  swept: () => {},
  warn: (message) => {
    process.stderr.write(`${message}\n`);
  },
  defer: (run) => setImmediate(run),
};
