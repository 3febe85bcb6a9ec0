/**
 * Work the kernel does only when nothing else is asked of it: it runs once the kernel has been
 * idle for a while; every new schedule restarts that wait, and a request cancels it.
 */
export class IdleTask {
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param idleMs how long the kernel must have been idle; undefined: never.
   * @param run the work; it runs on the main thread, so requests wait while it does.
   */
  constructor(
    private readonly idleMs: number | undefined,
    private readonly run: () => void,
  ) {}

  /** Runs the work after `idleMs` unless cancelled or scheduled again first. */
  schedule(): void {
    this.cancel();
    if (this.idleMs === undefined) return;
    // Never what keeps the process alive.
    this.timer = setTimeout(this.run, this.idleMs).unref();
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
