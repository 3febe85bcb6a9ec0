/**
 * Calls that arrive before their handler exists, kept in order and replayed when it is given.
 * The kernel's start needs this twice: errors nothing caught and protocol-thread messages can
 * both come while the engine still loads, and neither may be lost.
 */
export class HeldCalls<A extends unknown[]> {
  private handler: ((...args: A) => void) | undefined;
  private readonly held: A[] = [];

  /** Calls the handler, or keeps the call for it. */
  readonly call = (...args: A): void => {
    if (this.handler) this.handler(...args);
    else this.held.push(args);
  };

  /** Sets the handler and replays the kept calls to it, oldest first. */
  handleWith(handler: (...args: A) => void): void {
    this.handler = handler;
    for (const args of this.held.splice(0)) handler(...args);
  }
}
