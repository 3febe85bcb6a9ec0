/**
 * A full, synchronous V8 garbage collection, without starting Node with --expose-gc: the flag is
 * set at run time and `gc` is taken from a fresh context, so the learner's global scope never
 * gets a `gc` function.
 */
import * as v8 from "v8";
import * as vm from "vm";

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
