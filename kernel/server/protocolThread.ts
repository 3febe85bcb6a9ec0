/**
 * The protocol thread: owns every ZeroMQ socket (shell, control, iopub, stdin, heartbeat),
 * signs and routes messages, publishes busy/idle, and queues outgoing messages so nothing is
 * dropped. Cells run on the main thread; when one blocks it in a sync loop this thread still
 * answers heartbeat, kernel_info and interrupt_request, and can stop the loop.
 *
 * Started by {@link startKernel} as a worker thread; not a public API.
 */
import { isMainThread, parentPort, workerData } from "worker_threads";
import { watchParent } from "./parentWatch";
import * as fs from "fs";
import * as inspector from "inspector";
import * as zmq from "zeromq";
import { decodeMessage, encodeMessage, endpoint, newHeader, readConnectionFile, type JupyterMessage as WireMessage } from "../protocol";
import { EXECUTING, INTERRUPT_COUNTER, type ToMain, type ToProtocol, type WorkerData } from "./threadMessages";
import { randomUUID } from "crypto";

/** Requests the main thread handles (they need the TypeScript engine). */
const MAIN_REQUESTS = new Set(["execute_request", "complete_request", "inspect_request", "is_complete_request"]);

/** Stream text is coalesced for this long, so a 10,000-line burst becomes a few messages. */
const STREAM_FLUSH_MS = 20;
const STREAM_MAX_BYTES = 256 * 1024;

/** How long the main thread has to acknowledge an interrupt before its JS is terminated. */
const TERMINATE_AFTER_MS = 300;

function log(text: string): void {
  // Never console.*: a worker's console goes through the main thread's patched stdout.
  fs.writeSync(2, `nnlab kernel: ${text}\n`);
}

/** Sends on one socket strictly one at a time (zeromq rejects a send while one is pending). */
class SendQueue {
  private chain: Promise<void> = Promise.resolve();
  constructor(
    private readonly socket: zmq.Writable & zmq.Socket,
    private readonly name: string,
  ) {}
  send(frames: Buffer[]): Promise<void> {
    this.chain = this.chain
      .then(() => this.socket.send(frames))
      .catch((e: unknown) => log(`send on ${this.name} failed: ${(e as Error).message}`));
    return this.chain;
  }
  drain(): Promise<void> {
    return this.chain;
  }
}

/** A received message with the routing identities it came with. */
type JupyterMessage = WireMessage & { identities: Buffer[] };

function decode(key: string, frames: Buffer[]): JupyterMessage {
  const { identities, msg } = decodeMessage(frames, key);
  return { ...msg, identities };
}

function encode(
  key: string,
  m: {
    identities: Buffer[];
    header: WireMessage["header"];
    parent_header: object;
    metadata: Record<string, unknown>;
    content: Record<string, unknown>;
  },
): Buffer[] {
  return encodeMessage({ header: m.header, parent_header: m.parent_header, metadata: m.metadata, content: m.content }, key, m.identities);
}

interface Pending {
  msg: JupyterMessage;
  channel: "shell" | "control";
}

async function run(data: WorkerData): Promise<void> {
  const port = parentPort!;
  const info = readConnectionFile(data.connectionFile);
  const shared = new Int32Array(data.shared);
  const session = randomUUID();
  const key = info.key;

  const shell = new zmq.Router();
  const control = new zmq.Router();
  const stdin = new zmq.Router();
  const hb = new zmq.Router();
  // Unlimited queues: a PUB socket silently drops at its high-water mark.
  const iopub = new zmq.Publisher({ sendHighWaterMark: 0 });
  for (const s of [shell, control, stdin, hb]) s.sendHighWaterMark = 0;
  await Promise.all([
    shell.bind(endpoint(info, info.shell_port)),
    control.bind(endpoint(info, info.control_port)),
    stdin.bind(endpoint(info, info.stdin_port)),
    hb.bind(endpoint(info, info.hb_port)),
    iopub.bind(endpoint(info, info.iopub_port)),
  ]);
  const queues = {
    shell: new SendQueue(shell, "shell"),
    control: new SendQueue(control, "control"),
    iopub: new SendQueue(iopub, "iopub"),
    hb: new SendQueue(hb, "hb"),
  };

  // Until the main thread reports the backend, kernel_info says what it can already.
  let banner = `nnlab ${data.implementationVersion}: TypeScript ${data.typescriptVersion} for deep learning`;
  let tsVersion = data.typescriptVersion;
  let mainReady = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const shellQueue: JupyterMessage[] = [];
  let inFlight: number | undefined;
  const history: Array<[number, number, string]> = [];
  let shuttingDown = false;

  // ---- sending -------------------------------------------------------------------------------
  let stream: { id: number; name: string; text: string } | undefined;
  let streamTimer: NodeJS.Timeout | undefined;

  function parentOf(id: number): JupyterMessage["header"] | Record<string, never> {
    return pending.get(id)?.msg.header ?? lastParent ?? {};
  }
  let lastParent: JupyterMessage["header"] | undefined;

  function publishNow(msgType: string, content: Record<string, unknown>, parent: object): void {
    const frames = encode(key, {
      identities: [Buffer.from(`kernel.${session}.${msgType}`)],
      header: newHeader(msgType, session),
      parent_header: parent,
      metadata: {},
      content,
    });
    void queues.iopub.send(frames);
  }

  function flushStream(): void {
    if (streamTimer) clearTimeout(streamTimer);
    streamTimer = undefined;
    if (!stream) return;
    const s = stream;
    stream = undefined;
    publishNow("stream", { name: s.name, text: s.text }, parentOf(s.id));
  }

  function publish(msgType: string, content: Record<string, unknown>, parent: object): void {
    flushStream();
    publishNow(msgType, content, parent);
  }

  function addStream(id: number, name: string, text: string): void {
    if (stream && (stream.id !== id || stream.name !== name)) flushStream();
    if (!stream) stream = { id, name, text: "" };
    stream.text += text;
    if (stream.text.length >= STREAM_MAX_BYTES) flushStream();
    else streamTimer ??= setTimeout(flushStream, STREAM_FLUSH_MS);
  }

  function reply(p: Pending, content: Record<string, unknown>): Promise<void> {
    flushStream();
    const type = p.msg.header.msg_type.replace(/_request$/, "_reply");
    const frames = encode(key, {
      identities: p.msg.identities,
      header: newHeader(type, session),
      parent_header: p.msg.header,
      metadata: {},
      content,
    });
    return queues[p.channel].send(frames);
  }

  // ---- requests answered here ------------------------------------------------------------------
  function kernelInfo(): Record<string, unknown> {
    return {
      status: "ok",
      protocol_version: "5.3",
      implementation: "nnlab",
      implementation_version: data.implementationVersion,
      language_info: {
        name: "typescript",
        version: tsVersion,
        mimetype: "text/typescript",
        file_extension: ".ts",
        pygments_lexer: "typescript",
        codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
      },
      banner,
      help_links: [{ text: "nnlab README", url: "https://github.com/nnlab/nnlab#readme" }],
    };
  }

  function historyReply(content: Record<string, unknown>): Record<string, unknown> {
    const output = content.output === true;
    const rows = (items: Array<[number, number, string]>) =>
      items.map(([s, line, input]) => (output ? [s, line, [input, null]] : [s, line, input]));
    const access = content.hist_access_type;
    if (access === "tail") {
      const n = typeof content.n === "number" ? content.n : 10;
      return { status: "ok", history: rows(history.slice(-n)) };
    }
    if (access === "range") {
      const start = typeof content.start === "number" ? content.start : 0;
      const stop = typeof content.stop === "number" ? content.stop : Infinity;
      return { status: "ok", history: rows(history.filter(([, l]) => l >= start && l < stop)) };
    }
    if (access === "search") {
      const pattern = typeof content.pattern === "string" ? content.pattern : "*";
      const re = new RegExp(
        "^" +
          pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".") +
          "$",
        "s",
      );
      let found = history.filter(([, , input]) => re.test(input));
      if (content.unique === true) found = found.filter((h, i) => found.findIndex((g) => g[2] === h[2]) === i);
      const n = typeof content.n === "number" ? content.n : found.length;
      return { status: "ok", history: rows(found.slice(-n)) };
    }
    return { status: "ok", history: [] };
  }

  async function shutdown(p: Pending): Promise<void> {
    shuttingDown = true;
    await reply(p, { status: "ok", restart: p.msg.content.restart === true });
    publish("status", { execution_state: "idle" }, p.msg.header);
    await Promise.all(Object.values(queues).map((q) => q.drain()));
    for (const s of [shell, control, stdin, hb, iopub]) s.close();
    post({ kind: "shutdown" });
  }

  // ---- interrupts ------------------------------------------------------------------------------
  let interruptsSent = 0;
  let interruptsHandled = 0;
  let session_: inspector.Session | undefined;

  function interrupt(): void {
    Atomics.add(shared, INTERRUPT_COUNTER, 1);
    interruptsSent++;
    const mine = interruptsSent;
    post({ kind: "interrupt", terminated: false });
    setTimeout(() => {
      if (interruptsHandled >= mine || Atomics.load(shared, EXECUTING) !== 1) return;
      // The main thread is stuck in sync code that has no interrupt check (a long library
      // call): stop its JS through the inspector; V8 resumes normally once the stack unwinds.
      try {
        if (!session_) {
          session_ = new inspector.Session();
          session_.connectToMainThread();
        }
        session_.post("Runtime.terminateExecution", () => {
          post({ kind: "interrupt", terminated: true });
          // A connected session makes Node wait for "the debugger" at exit; let it go.
          session_?.disconnect();
          session_ = undefined;
        });
      } catch (e) {
        log(`could not terminate the running cell: ${(e as Error).message}`);
      }
    }, TERMINATE_AFTER_MS);
  }

  // ---- dispatch -------------------------------------------------------------------------------
  function post(msg: ToMain): void {
    port.postMessage(msg);
  }

  function pumpShell(): void {
    if (inFlight !== undefined || !mainReady) return;
    const msg = shellQueue.shift();
    if (!msg) return;
    const id = nextId++;
    pending.set(id, { msg, channel: "shell" });
    inFlight = id;
    lastParent = msg.header;
    publish("status", { execution_state: "busy" }, msg.header);
    post({ kind: "request", id, msgType: msg.header.msg_type, content: msg.content });
  }

  async function abortQueuedExecutes(): Promise<void> {
    const keep: JupyterMessage[] = [];
    for (const msg of shellQueue.splice(0)) {
      if (msg.header.msg_type !== "execute_request") {
        keep.push(msg);
        continue;
      }
      const p: Pending = { msg, channel: "shell" };
      publish("status", { execution_state: "busy" }, msg.header);
      await reply(p, { status: "aborted" });
      publish("status", { execution_state: "idle" }, msg.header);
    }
    shellQueue.push(...keep);
  }

  async function handle(channel: "shell" | "control", msg: JupyterMessage): Promise<void> {
    const type = msg.header.msg_type;
    if (channel === "shell" && MAIN_REQUESTS.has(type)) {
      shellQueue.push(msg);
      pumpShell();
      return;
    }
    const p: Pending = { msg, channel };
    publish("status", { execution_state: "busy" }, msg.header);
    switch (type) {
      case "kernel_info_request":
        await reply(p, kernelInfo());
        break;
      case "comm_info_request":
        await reply(p, { status: "ok", comms: {} });
        break;
      case "history_request":
        await reply(p, historyReply(msg.content));
        break;
      case "interrupt_request":
        interrupt();
        await reply(p, { status: "ok" });
        break;
      case "shutdown_request":
        await shutdown(p);
        return;
      case "comm_open":
        // No comm targets: tell the frontend the comm is closed, as ipykernel does.
        publish("comm_close", { comm_id: msg.content.comm_id, data: {} }, msg.header);
        break;
      default:
        log(`ignoring ${type} on ${channel}`);
    }
    publish("status", { execution_state: "idle" }, msg.header);
  }

  port.on("message", (m: ToProtocol) => {
    switch (m.kind) {
      case "ready":
        banner = m.banner;
        tsVersion = m.typescriptVersion;
        mainReady = true;
        publish("status", { execution_state: "starting" }, {});
        pumpShell();
        break;
      case "stream":
        addStream(m.id, m.name, m.text);
        break;
      case "iopub":
        publish(m.msgType, m.content, parentOf(m.id));
        break;
      case "interruptHandled":
        interruptsHandled = interruptsSent;
        break;
      case "reply": {
        const p = pending.get(m.id);
        if (!p) break;
        void (async () => {
          await reply(p, m.content);
          publish("status", { execution_state: "idle" }, p.msg.header);
          pending.delete(m.id);
          if (p.msg.header.msg_type === "execute_request") {
            const code = String(p.msg.content.code ?? "");
            if (typeof m.content.execution_count === "number" && p.msg.content.store_history !== false && p.msg.content.silent !== true) {
              history.push([1, m.content.execution_count, code]);
            }
            if (m.content.status === "error" && p.msg.content.stop_on_error !== false) await abortQueuedExecutes();
          }
          inFlight = undefined;
          pumpShell();
        })();
        break;
      }
    }
  });

  async function receive(socket: zmq.Router, channel: "shell" | "control"): Promise<void> {
    for await (const frames of socket) {
      if (shuttingDown) return;
      let msg: JupyterMessage;
      try {
        msg = decode(key, frames);
      } catch (e) {
        log(`dropping a message on ${channel}: ${(e as Error).message}`);
        continue;
      }
      void handle(channel, msg).catch((e: unknown) => log(`error handling ${msg.header.msg_type}: ${(e as Error).stack}`));
    }
  }

  async function heartbeat(): Promise<void> {
    for await (const frames of hb) await queues.hb.send(frames);
  }

  const quiet = () => undefined;
  watchParent(data.parentPid, (why) => {
    log(`${why}: the kernel ends itself`);
    // process.exit here would end only this thread; the main thread may be stuck in a cell.
    process.kill(process.pid, "SIGKILL");
  });
  void receive(shell, "shell").catch(quiet);
  void receive(control, "control").catch(quiet);
  void heartbeat().catch(quiet);
  void (async () => {
    for await (const _ of stdin) void _;
  })().catch(quiet);
}

if (!isMainThread && parentPort) {
  run(workerData as WorkerData).catch((e: unknown) => {
    log(`protocol thread failed: ${(e as Error).stack ?? e}`);
    process.exit(1);
  });
}
