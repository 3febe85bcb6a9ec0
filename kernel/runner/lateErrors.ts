/**
 * Errors a cell's asynchronous code throws after the cell ended (a timer, an unawaited promise):
 * the kernel shows them as error output, in the cell running when they fire, or after the last
 * cell under its request. A notebook run must not pass because such an error came late.
 */
import type { ErrorOutput, Output } from "../nbformat";
import type { KernelClient } from "./kernelClient";
import type { OutputRecorder } from "./outputRecorder";

/** How long a run waits after the last cell for errors from its asynchronous code. */
export const LATE_ERROR_WAIT_MS = 1000;

/** The error outputs among a cell's outputs (a late error is one even when the cell's reply was ok). */
export function errorOutputs(outputs: readonly Output[]): ErrorOutput[] {
  return outputs.filter((o): o is ErrorOutput => o.output_type === "error");
}

/**
 * Code that waits {@link LATE_ERROR_WAIT_MS} in the kernel's own event loop, for the languages
 * where one statement can: a timer a cell set for less than that fires first, in order, however
 * loaded the machine is. The runner's clock cannot promise that: under load a kernel may not
 * run its 300 ms timer within a second of the runner's.
 */
const KERNEL_SIDE_WAIT: Readonly<Record<string, string>> = {
  typescript: `await new Promise((r) => setTimeout(r, ${LATE_ERROR_WAIT_MS}));`,
  javascript: `await new Promise((r) => setTimeout(r, ${LATE_ERROR_WAIT_MS}));`,
};

/**
 * After the last cell: records into its outputs what the kernel sends for the rest of the run
 * (stopping at the first error when `stopAtFirst`). It waits {@link LATE_ERROR_WAIT_MS} inside
 * the kernel (a request that sleeps there, for TypeScript and JavaScript kernels; on the
 * runner's clock for others), then runs an empty request so a kernel that keeps late errors
 * for "the next cell" shows them, also recorded as the last cell's. Resolves with the error
 * outputs that arrived.
 *
 * @example
 * const late = await collectLateErrors(kernel, outcome.msgId, recorder, true);
 * if (late.length > 0) throw new Error(`late error: ${late[0].ename}: ${late[0].evalue}`);
 */
export async function collectLateErrors(
  kernel: KernelClient,
  lastMsgId: string,
  recorder: OutputRecorder,
  stopAtFirst: boolean,
): Promise<ErrorOutput[]> {
  const outputs = recorder.current;
  const before = outputs.length;
  const lateError = (): boolean => errorOutputs(outputs.slice(before)).length > 0;
  const waitCode = KERNEL_SIDE_WAIT[kernel.kernelInfo?.language_info?.name ?? ""];
  let timer: NodeJS.Timeout | undefined;
  let stopListening = (): void => undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      // An error can still come under the last cell's request before the wait starts running.
      stopListening = kernel.listen(lastMsgId, (msg) => {
        recorder.handle(msg);
        if (stopAtFirst && msg.header.msg_type === "error") resolve();
      });
      if (waitCode === undefined || !kernel.alive) {
        timer = setTimeout(resolve, LATE_ERROR_WAIT_MS);
      } else {
        // A late error fires while this request runs, so the kernel shows it under it.
        kernel.execute(waitCode, { recorder, storeHistory: false, stopOnError: false }).then(() => resolve(), reject);
      }
    });
  } finally {
    clearTimeout(timer);
    stopListening();
  }
  if (!(stopAtFirst && lateError()) && kernel.alive) {
    await kernel.execute("", { recorder, storeHistory: false, stopOnError: false });
  }
  return errorOutputs(outputs.slice(before));
}
