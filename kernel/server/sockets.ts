/**
 * The kernel's five ZeroMQ sockets (shell, control, iopub, stdin, heartbeat), bound from the
 * connection file, each with one send queue; signing, routing identities and message headers
 * live here so the rest of the server deals in message contents.
 */
import { randomUUID } from "crypto";
import * as zmq from "zeromq";
import {
  decodeMessage,
  encodeMessage,
  endpoint,
  newHeader,
  readConnectionFile,
  SendQueue,
  type IopubType,
  type JupyterMessage,
  type MessageHeader,
} from "../protocol";
import { log } from "./log";

/** A received request with the routing identities it came with (a reply goes back to them). */
export type Request = JupyterMessage & { identities: Buffer[] };

/** The channels a request can arrive on. */
export type RequestChannel = "shell" | "control";

/** The bound sockets of one kernel and the only way the server sends on them. */
export class KernelSockets {
  /** The kernel's session id, in every header it sends. */
  readonly session = randomUUID();
  private readonly key: string;
  private readonly shell = new zmq.Router({ sendHighWaterMark: 0 });
  private readonly control = new zmq.Router({ sendHighWaterMark: 0 });
  private readonly stdin = new zmq.Router({ sendHighWaterMark: 0 });
  private readonly hb = new zmq.Router({ sendHighWaterMark: 0 });
  // Unlimited queue: a PUB socket silently drops at its high-water mark.
  private readonly iopub = new zmq.Publisher({ sendHighWaterMark: 0 });
  private readonly queues: Record<RequestChannel | "iopub" | "hb", SendQueue>;
  private closed = false;

  private constructor(connectionFile: string) {
    this.key = readConnectionFile(connectionFile).key;
    this.queues = {
      shell: new SendQueue(this.shell),
      control: new SendQueue(this.control),
      iopub: new SendQueue(this.iopub),
      hb: new SendQueue(this.hb),
    };
  }

  /** Binds every socket on the ports of the connection file. */
  static async bind(connectionFile: string): Promise<KernelSockets> {
    const sockets = new KernelSockets(connectionFile);
    const info = readConnectionFile(connectionFile);
    await Promise.all([
      sockets.shell.bind(endpoint(info, info.shell_port)),
      sockets.control.bind(endpoint(info, info.control_port)),
      sockets.stdin.bind(endpoint(info, info.stdin_port)),
      sockets.hb.bind(endpoint(info, info.hb_port)),
      sockets.iopub.bind(endpoint(info, info.iopub_port)),
    ]);
    return sockets;
  }

  /**
   * Reads requests on shell and control and hands each to `onRequest`; echoes heartbeats and
   * drains stdin (nnlab never asks for input). Returns at once; the loops run until close.
   */
  listen(onRequest: (channel: RequestChannel, request: Request) => Promise<void>): void {
    const quiet = () => undefined;
    for (const channel of ["shell", "control"] as const) {
      void (async () => {
        for await (const frames of this[channel]) {
          if (this.closed) return;
          let request: Request;
          try {
            const { identities, msg } = decodeMessage(frames, this.key);
            request = { ...msg, identities };
          } catch (e) {
            log(`dropping a message on ${channel}: ${(e as Error).message}`);
            continue;
          }
          onRequest(channel, request).catch((e: unknown) => log(`error handling ${request.header.msg_type}: ${(e as Error).stack}`));
        }
      })().catch(quiet);
    }
    void (async () => {
      for await (const frames of this.hb) await this.send("hb", frames);
    })().catch(quiet);
    void (async () => {
      for await (const _ of this.stdin) void _;
    })().catch(quiet);
  }

  /** Sends the reply to `request` (its msg_type with _request turned into _reply) on `channel`. */
  reply(channel: RequestChannel, request: Request, content: object): Promise<void> {
    const msgType = request.header.msg_type.replace(/_request$/, "_reply");
    const frames = encodeMessage(
      { header: newHeader(msgType, this.session), parent_header: request.header, metadata: {}, content },
      this.key,
      request.identities,
    );
    return this.send(channel, frames);
  }

  /** Publishes one iopub message; `parent` is the request it belongs to ({} when none). */
  publish(msgType: IopubType, content: object, parent: Partial<MessageHeader>): Promise<void> {
    const frames = encodeMessage({ header: newHeader(msgType, this.session), parent_header: parent, metadata: {}, content }, this.key, [
      Buffer.from(`kernel.${this.session}.${msgType}`),
    ]);
    return this.send("iopub", frames);
  }

  /** Waits for every queued send, then closes every socket (the receive loops end). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(Object.values(this.queues).map((q) => q.drain()));
    for (const s of [this.shell, this.control, this.stdin, this.hb, this.iopub]) s.close();
  }

  private send(queue: keyof KernelSockets["queues"], frames: Buffer[]): Promise<void> {
    // A failed send (a client gone away) must not reject into a handler: the kernel carries on.
    return this.queues[queue].send(frames).catch((e: unknown) => log(`send on ${queue} failed: ${(e as Error).message}`));
  }
}
