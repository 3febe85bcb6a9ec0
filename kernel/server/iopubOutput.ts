/**
 * The iopub side of a request's output: status, the messages the main thread produces, and
 * stream text coalesced (a 10,000-line burst becomes a few messages) yet never reordered with
 * the other messages of the same request.
 */
import type { IopubType, MessageHeader, StatusContent, StreamContent } from "../protocol";
import type { KernelSockets } from "./sockets";

/** Stream text is coalesced for this long. */
const STREAM_FLUSH_MS = 20;
/** A coalesced stream message is sent once it holds this much text. */
const STREAM_MAX_CHARS = 256 * 1024;

/** Publishes iopub messages under the header of the request they belong to. */
export class IopubOutput {
  private stream: { parent: Partial<MessageHeader>; name: StreamContent["name"]; text: string } | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sockets: KernelSockets) {}

  /** Publishes `msgType` now, after any stream text waiting before it. */
  publish(msgType: IopubType, content: object, parent: Partial<MessageHeader>): void {
    this.flush();
    void this.sockets.publish(msgType, content, parent);
  }

  /** The kernel's execution state for `parent` ({} for the kernel's own "starting"). */
  status(state: StatusContent["execution_state"], parent: Partial<MessageHeader>): void {
    const content: StatusContent = { execution_state: state };
    this.publish("status", content, parent);
  }

  /** Adds stream text; it goes out within STREAM_FLUSH_MS or before the next message. */
  addStream(name: StreamContent["name"], text: string, parent: Partial<MessageHeader>): void {
    if (this.stream && (this.stream.parent !== parent || this.stream.name !== name)) this.flush();
    this.stream ??= { parent, name, text: "" };
    this.stream.text += text;
    if (this.stream.text.length >= STREAM_MAX_CHARS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), STREAM_FLUSH_MS);
  }

  /** Sends waiting stream text now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const s = this.stream;
    if (!s) return;
    this.stream = undefined;
    const content: StreamContent = { name: s.name, text: s.text };
    void this.sockets.publish("stream", content, s.parent);
  }
}
