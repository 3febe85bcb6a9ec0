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
 * After the last cell: records into its outputs what the kernel sends under its request within
 * {@link LATE_ERROR_WAIT_MS} of the reply (stopping at the first error when `stopAtFirst`), then
 * runs an empty request so a kernel that keeps late errors for "the next cell" shows them, also
 * recorded as the last cell's. Resolves with the error outputs that arrived.
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
  let timer: NodeJS.Timeout | undefined;
  let stopListening = (): void => undefined;
  try {
    await new Promise<void>((resolve) => {
      timer = setTimeout(resolve, LATE_ERROR_WAIT_MS);
      stopListening = kernel.listen(lastMsgId, (msg) => {
        recorder.handle(msg);
        if (stopAtFirst && msg.header.msg_type === "error") resolve();
      });
    });
  } finally {
    clearTimeout(timer);
    stopListening();
  }
  if (!(stopAtFirst && errorOutputs(outputs.slice(before)).length > 0) && kernel.alive) {
    await kernel.execute("", { recorder, storeHistory: false, stopOnError: false });
  }
  return errorOutputs(outputs.slice(before));
}
