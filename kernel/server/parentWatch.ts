/**
 * A kernel must not outlive the client that started it. Like ipykernel's parent poller: when
 * the process that launched the kernel is gone (we were re-parented, or JPY_PARENT_PID, which
 * jupyter_client sets, no longer exists), the kernel ends itself. It runs on the protocol
 * thread so a cell stuck in a synchronous loop on the main thread cannot stop it.
 */
export function watchParent(startPpid: number, onGone: (why: string) => void, everyMs = 1000): NodeJS.Timeout {
  const jpyParent = Number(process.env.JPY_PARENT_PID);
  const timer = setInterval(() => {
    if (process.ppid !== startPpid) return onGone(`the parent process ${startPpid} exited`);
    if (Number.isInteger(jpyParent) && jpyParent > 1) {
      try {
        process.kill(jpyParent, 0);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ESRCH") onGone(`JPY_PARENT_PID ${jpyParent} no longer exists`);
      }
    }
  }, everyMs);
  timer.unref();
  return timer;
}
