import * as fs from "fs";

/**
 * Writes one line to the kernel's own log (fd 2, which Jupyter shows in its server log).
 * Never console.*: on the main thread console goes to the running cell's output, and a
 * worker's console goes through the main thread's patched stdout.
 *
 * @example log("shut down");
 */
export function log(text: string): void {
  fs.writeSync(2, `nnlab kernel: ${text}\n`);
}
