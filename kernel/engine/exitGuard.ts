/**
 * `process.exit()` and `process.abort()` called from a cell's code are refused with an error the
 * learner sees, instead of ending the kernel.
 *
 * Why refuse rather than end the kernel cleanly (IPython's `exit()`): nothing a cell does ends
 * the kernel (DESIGN.md), because the session's variables and trained nets die with it; a
 * notebook that called process.exit to stop early loses all of that in Jupyter, and under
 * `nnlab run` an error stops the run just as well (exit status 1, the cell named). And ending
 * cleanly is not even possible from inside a cell: process.exit on the main thread tears down
 * the protocol thread's ZeroMQ sockets mid-use, and their N-API finalizer aborts the process
 * (SIGABRT) before any message reaches the client.
 *
 * "From a cell" is decided by the call stack: a frame of a cell's script (`In[n]`), directly or
 * through a library, a timer or a promise the cell started. The kernel's own exits (shutdown,
 * a lost parent) have no cell frame and pass through.
 */

/** Thrown in place of process.exit / process.abort called from a cell. */
export class ExitRefusedError extends Error {
  override readonly name = "ExitRefusedError";
}

/** A stack frame of a cell's script: "at In[3]:5:9" or "at f (In[3]:5:9)". */
const CELL_FRAME = /^\s+at (?:.*\()?In\[\d+\]:\d+:\d+\)?$/m;

function calledFromCell(): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = Infinity; // a cell's frame may sit below a deep library stack
  try {
    return CELL_FRAME.test(new Error().stack ?? "");
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function refusal(call: string): ExitRefusedError {
  return new ExitRefusedError(
    `${call} is refused in a notebook cell: it would end the kernel and lose this session's variables and trained nets. ` +
      `To stop a cell early, throw an error; to end the kernel, use Kernel > Shut Down (or Restart).`,
  );
}

let installed = false;

/**
 * Installs the guard on the process (once; later calls do nothing).
 *
 * @example
 * guardCellExits(); // a cell's process.exit(3) now throws ExitRefusedError
 */
export function guardCellExits(): void {
  if (installed) return;
  installed = true;
  const exit = process.exit.bind(process);
  const abort = process.abort.bind(process);
  process.exit = function guardedExit(code?: number | string | null): never {
    if (calledFromCell()) throw refusal(`process.exit(${code === undefined ? "" : String(code)})`);
    return exit(code);
  };
  process.abort = function guardedAbort(): never {
    if (calledFromCell()) throw refusal("process.abort()");
    return abort();
  };
}
