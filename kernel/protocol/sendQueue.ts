import type * as zmq from "zeromq";

/**
 * Sends on one ZeroMQ socket strictly one message at a time: zeromq v6 rejects a send while
 * another is pending on the same socket. Both sides use it, the kernel server and the runner's
 * client. A failed send rejects its own promise only; later sends still go out.
 *
 * @example
 * const shell = new SendQueue(dealer);
 * await shell.send(encodeMessage(request, key));
 */
export class SendQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly socket: zmq.Writable) {}

  /** Queues frames behind every earlier send; resolves once they are handed to ZeroMQ. */
  send(frames: Buffer[]): Promise<void> {
    const next = this.tail.then(() => this.socket.send(frames));
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every send queued so far has finished (successfully or not). */
  drain(): Promise<void> {
    return this.tail;
  }
}
