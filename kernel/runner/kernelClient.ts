/**
 * A Jupyter client over ZeroMQ: starts a kernel from its kernelspec the way Jupyter does
 * (connection file, argv, env), talks to it on shell, control, iopub, stdin and heartbeat, and
 * makes sure the kernel process never outlives this process.
 */
import { spawn, type ChildProcess } from "child_process";
import { randomUUID } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zmq from "zeromq";
import {
  decodeMessage,
  encodeMessage,
  endpoint,
  makeMessage,
  newConnectionInfo,
  SendQueue,
  type ConnectionInfo,
  type ExecuteReply,
  type ExecuteRequest,
  type JupyterMessage,
  type KernelInfoReply,
} from "../protocol";
import type { Output } from "../nbformat";
import type { KernelSpec } from "./findKernelSpec";
import { OutputRecorder } from "./outputRecorder";

/** How a kernel process ended. */
export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** The kernel process died (or could not start) while something waited on it. */
export class KernelDiedError extends Error {
  constructor(
    message: string,
    readonly exit: KernelExit | undefined,
  ) {
    super(message);
    this.name = "KernelDiedError";
  }
}

/** Options of {@link KernelClient.start}. */
export interface KernelClientOptions {
  /** Working directory of the kernel (a notebook's folder, usually). */
  cwd?: string;
  /** Extra environment on top of this process's and the kernelspec's. */
  env?: Record<string, string>;
  /** How long to wait for kernel_info_reply; default 60 s. */
  startupTimeoutMs?: number;
  /** Receives the kernel's stdout/stderr text (default: kept only for error messages). */
  onKernelOutput?: (text: string, stream: "stdout" | "stderr") => void;
  /** Receives warnings (heartbeat lost, late iopub). */
  onWarning?: (message: string) => void;
}

/** Options of {@link KernelClient.execute}. */
export interface ExecuteOptions {
  /** Interrupts the kernel when the code runs longer than this; the outcome says timedOut. */
  timeoutMs?: number;
  /** Records outputs into a notebook-wide recorder (display updates across cells); default: a fresh one. */
  recorder?: OutputRecorder;
  /** The kernel aborts queued executions after an error (Jupyter's stop_on_error); default true. */
  stopOnError?: boolean;
  storeHistory?: boolean;
  /** Called after every iopub message of this execution. */
  onIopub?: (msg: JupyterMessage) => void;
}

/** What one execute_request produced. */
export interface ExecuteOutcome {
  reply: ExecuteReply;
  outputs: Output[];
  executionCount: number | null;
  /** True when the timeout fired and the kernel was interrupted. */
  timedOut: boolean;
  /** Wall time in seconds. */
  seconds: number;
  /** The execute_request's msg_id: {@link KernelClient.listen} receives its later output. */
  msgId: string;
}

type Channel = "shell" | "control" | "stdin";

interface Waiter {
  resolve(msg: JupyterMessage): void;
  reject(e: Error): void;
}

/** Kernels alive in this process; killed from an 'exit' handler so none outlives us, even on a crash. */
const liveKernels = new Set<KernelClient>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const k of liveKernels) k.kill();
  });
}

/**
 * A running kernel and a client connected to it.
 * @example
 * const kernel = await KernelClient.start(findKernelSpec("python3"));
 * const { outputs } = await kernel.execute("print(1 + 1)");
 * await kernel.shutdown();
 */
export class KernelClient {
  /** The kernel_info_reply received at start. */
  kernelInfo!: KernelInfoReply;
  /** Resolves when the kernel process exits. */
  readonly exited: Promise<KernelExit>;

  private readonly session = randomUUID();
  private readonly shell = new zmq.Dealer({ linger: 0, routingId: `${this.sessionTag()}-shell` });
  private readonly control = new zmq.Dealer({ linger: 0, routingId: `${this.sessionTag()}-control` });
  private readonly stdin = new zmq.Dealer({ linger: 0, routingId: `${this.sessionTag()}-stdin` });
  private readonly iopub = new zmq.Subscriber({ linger: 0 });
  private readonly queues: Record<Channel, SendQueue>;
  private readonly replies = new Map<string, Waiter>();
  private readonly iopubHandlers = new Map<string, (msg: JupyterMessage) => void>();
  private exitInfo: KernelExit | undefined;
  private closed = false;
  private outputTail = "";
  private hbTimer: NodeJS.Timeout | undefined;
  private iopubSeen = false;

  private constructor(
    readonly spec: KernelSpec,
    readonly connection: ConnectionInfo,
    readonly connectionFile: string,
    private readonly child: ChildProcess,
    private readonly options: KernelClientOptions,
  ) {
    this.queues = { shell: new SendQueue(this.shell), control: new SendQueue(this.control), stdin: new SendQueue(this.stdin) };
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exitInfo = { code, signal };
        liveKernels.delete(this);
        const err = new KernelDiedError(this.deathMessage(), this.exitInfo);
        for (const w of this.replies.values()) w.reject(err);
        this.replies.clear();
        resolve(this.exitInfo);
      });
    });
    child.once("error", (e) => {
      this.exitInfo ??= { code: null, signal: null };
      liveKernels.delete(this);
      const err = new KernelDiedError(`kernel "${spec.name}" could not be started (${spec.argv[0]}): ${e.message}`, this.exitInfo);
      for (const w of this.replies.values()) w.reject(err);
      this.replies.clear();
    });
  }

  /** The kernel's process id. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Whether the kernel process is still running. */
  get alive(): boolean {
    return this.exitInfo === undefined;
  }

  /**
   * Starts a kernel from its kernelspec and waits until it answers kernel_info_request and its
   * iopub channel is connected.
   * @throws KernelDiedError when the process exits or does not answer in time.
   */
  static async start(spec: KernelSpec, options: KernelClientOptions = {}): Promise<KernelClient> {
    const connection = await newConnectionInfo("127.0.0.1", spec.name);
    const runtimeDir = process.env.JUPYTER_RUNTIME_DIR ?? path.join(os.tmpdir(), `nnlab-runtime-${process.getuid?.() ?? "user"}`);
    fs.mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
    const connectionFile = path.join(runtimeDir, `kernel-${randomUUID()}.json`);
    fs.writeFileSync(connectionFile, JSON.stringify(connection, null, 1), { mode: 0o600 });
    const argv = spec.argv.map((a) => a.replace(/\{connection_file\}/g, connectionFile).replace(/\{resource_dir\}/g, spec.dir));
    installExitHook();
    // Its own process group: a Ctrl-C in the terminal reaches the runner only, which then
    // interrupts the kernel deliberately. JPY_PARENT_PID lets kernels that watch their parent
    // (ipykernel does) exit even if this process is killed with SIGKILL.
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: { ...process.env, ...spec.env, ...options.env, JPY_PARENT_PID: String(process.pid) },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const client = new KernelClient(spec, connection, connectionFile, child, options);
    liveKernels.add(client);
    startWatchdog(child.pid, connectionFile);
    child.stdout?.on("data", (d: Buffer) => client.kernelOutput(d.toString("utf8"), "stdout"));
    child.stderr?.on("data", (d: Buffer) => client.kernelOutput(d.toString("utf8"), "stderr"));
    try {
      client.connect();
      await client.waitForReady(options.startupTimeoutMs ?? 60_000);
    } catch (e) {
      client.kill();
      await client.exited;
      client.closeSockets();
      throw e;
    }
    client.startHeartbeat();
    return client;
  }

  /**
   * Sends a request on shell or control and resolves with its reply.
   * @throws KernelDiedError when the kernel dies first; Error on timeout.
   */
  async request(channel: "shell" | "control", msgType: string, content: object, timeoutMs?: number): Promise<JupyterMessage> {
    const msg = makeMessage(msgType, content, this.session, {}, os.userInfo().username);
    const reply = this.awaitReply(msg.header.msg_id, timeoutMs, msgType);
    await this.send(channel, encodeMessage(msg, this.connection.key));
    return reply;
  }

  /**
   * Runs code and records its outputs as a notebook would. Resolves after the execute_reply
   * and the kernel's idle status for this request (so no output is missed).
   * @throws KernelDiedError when the kernel dies meanwhile.
   */
  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecuteOutcome> {
    if (typeof code !== "string") throw new TypeError(`KernelClient.execute: code must be a string, got ${typeof code}`);
    this.assertAlive("execute");
    const started = Date.now();
    const recorder = options.recorder ?? new OutputRecorder();
    const outputs = options.recorder ? recorder.current : recorder.startCell();
    const content: ExecuteRequest = {
      code,
      silent: false,
      store_history: options.storeHistory ?? true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: options.stopOnError ?? true,
    };
    const msg = makeMessage("execute_request", content, this.session, {}, os.userInfo().username);
    const id = msg.header.msg_id;
    let idle!: () => void;
    const idleSeen = new Promise<void>((resolve) => (idle = resolve));
    this.iopubHandlers.set(id, (m) => {
      recorder.handle(m);
      options.onIopub?.(m);
      if (m.header.msg_type === "status" && (m.content as { execution_state?: string }).execution_state === "idle") idle();
    });
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const replyPromise = this.awaitReply(id, undefined, "execute_request");
      await this.send("shell", encodeMessage(msg, this.connection.key));
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          timedOut = true;
          this.interrupt().catch((e: Error) => this.options.onWarning?.(`interrupt after timeout failed: ${e.message}`));
        }, options.timeoutMs);
      }
      const reply = await replyPromise;
      clearTimeout(timer);
      // iopub and shell are separate sockets: outputs may still be in flight after the reply.
      const late = await Promise.race([idleSeen.then(() => false), delay(5000).then(() => true), this.exited.then(() => false)]);
      if (late) this.options.onWarning?.(`no idle status from the kernel 5 s after the reply to ${id}; outputs may be incomplete`);
      const r = reply.content as unknown as ExecuteReply;
      return {
        reply: r,
        outputs,
        executionCount: typeof r.execution_count === "number" ? r.execution_count : recorder.executionCount,
        timedOut,
        seconds: (Date.now() - started) / 1000,
        msgId: id,
      };
    } finally {
      clearTimeout(timer);
      this.iopubHandlers.delete(id);
    }
  }

  /**
   * Passes the iopub messages of a finished request (its msg_id) to handler until the returned
   * function is called: output that arrives after the reply, such as a late error of its cell.
   */
  listen(msgId: string, handler: (msg: JupyterMessage) => void): () => void {
    this.iopubHandlers.set(msgId, handler);
    return () => {
      if (this.iopubHandlers.get(msgId) === handler) this.iopubHandlers.delete(msgId);
    };
  }

  /** Interrupts the running code: SIGINT or interrupt_request, as the kernelspec says. */
  async interrupt(): Promise<void> {
    this.assertAlive("interrupt");
    if (this.spec.interrupt_mode === "message") {
      await this.request("control", "interrupt_request", {}, 10_000);
    } else {
      process.kill(this.pid, "SIGINT");
    }
  }

  /**
   * Asks the kernel to shut down (shutdown_request on control), waits for the process to exit,
   * and kills it (SIGTERM, then SIGKILL) if it does not. Always closes the sockets and removes
   * the connection file.
   */
  async shutdown(timeoutMs = 5000): Promise<KernelExit> {
    this.stopHeartbeat();
    if (this.alive) {
      try {
        await this.request("control", "shutdown_request", { restart: false }, timeoutMs);
      } catch {
        // a kernel that cannot answer is killed below
      }
      if (this.alive && !(await this.waitExit(timeoutMs))) {
        this.signal("SIGTERM");
        if (!(await this.waitExit(2000))) this.kill();
      }
    }
    const exit = await this.exited;
    this.closeSockets();
    return exit;
  }

  /** Kills the kernel's process group at once (SIGKILL). Safe to call at any time. */
  kill(): void {
    this.signal("SIGKILL");
    this.removeConnectionFile();
  }

  /** The last lines the kernel printed to its stdout/stderr (for error messages). */
  get outputTailText(): string {
    return this.outputTail;
  }

  // ---- internals ---------------------------------------------------------------------------

  private sessionTag(): string {
    return `nnlab-runner-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  }

  private connect(): void {
    const c = this.connection;
    this.shell.connect(endpoint(c, c.shell_port));
    this.control.connect(endpoint(c, c.control_port));
    this.stdin.connect(endpoint(c, c.stdin_port));
    this.iopub.connect(endpoint(c, c.iopub_port));
    this.iopub.subscribe();
    void this.readLoop(this.shell, "shell");
    void this.readLoop(this.control, "control");
    void this.readLoop(this.stdin, "stdin");
    void this.readLoop(this.iopub, "iopub");
  }

  private async readLoop(socket: zmq.Readable & zmq.Socket, channel: Channel | "iopub"): Promise<void> {
    try {
      for await (const frames of socket) {
        let msg: JupyterMessage;
        try {
          msg = decodeMessage(frames, this.connection.key).msg;
        } catch (e) {
          this.options.onWarning?.(`dropped a ${channel} message: ${(e as Error).message}`);
          continue;
        }
        this.dispatch(channel, msg);
      }
    } catch (e) {
      if (!this.closed) this.options.onWarning?.(`${channel} channel stopped: ${(e as Error).message}`);
    }
  }

  private dispatch(channel: Channel | "iopub", msg: JupyterMessage): void {
    const parent = typeof msg.parent_header.msg_id === "string" ? msg.parent_header.msg_id : "";
    if (channel === "iopub") {
      this.iopubSeen = true;
      this.iopubHandlers.get(parent)?.(msg);
    } else if (channel === "stdin") {
      // Headless: no one can type. Answer so a kernel that asks anyway is not stuck forever.
      if (msg.header.msg_type === "input_request") {
        const reply = makeMessage("input_reply", { value: "" }, this.session, msg.header);
        void this.send("stdin", encodeMessage(reply, this.connection.key)).catch(() => undefined);
      }
    } else {
      const waiter = this.replies.get(parent);
      if (waiter) {
        this.replies.delete(parent);
        waiter.resolve(msg);
      }
    }
  }

  private awaitReply(msgId: string, timeoutMs: number | undefined, what: string): Promise<JupyterMessage> {
    return new Promise<JupyterMessage>((resolve, reject) => {
      if (!this.alive) return reject(new KernelDiedError(this.deathMessage(), this.exitInfo));
      let timer: NodeJS.Timeout | undefined;
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.replies.delete(msgId);
          reject(new Error(`kernel "${this.spec.name}" did not reply to ${what} within ${timeoutMs / 1000} s`));
        }, timeoutMs);
      }
      this.replies.set(msgId, {
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
    });
  }

  private async send(channel: Channel, frames: Buffer[]): Promise<void> {
    await this.queues[channel].send(frames);
  }

  private async waitForReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // Resend kernel_info_request until a reply arrives and iopub carried something: a SUB socket
    // misses what was published before it joined, so executing earlier could lose output.
    while (Date.now() < deadline) {
      this.assertAlive("start");
      try {
        const reply = await this.request("shell", "kernel_info_request", {}, Math.min(1000, Math.max(1, deadline - Date.now())));
        this.kernelInfo = reply.content as unknown as KernelInfoReply;
        if (this.iopubSeen) return;
        await Promise.race([delay(200), this.exited]);
        if (this.iopubSeen) return;
      } catch (e) {
        if (e instanceof KernelDiedError) throw e;
      }
    }
    throw new KernelDiedError(
      `kernel "${this.spec.name}" (pid ${this.pid}) did not answer kernel_info_request within ${timeoutMs / 1000} s${this.tailForMessage()}`,
      this.exitInfo,
    );
  }

  private startHeartbeat(): void {
    // Death itself is seen from the process; the heartbeat tells a hung kernel from a busy one.
    let misses = 0;
    let warned = false;
    const beat = async (): Promise<void> => {
      const req = new zmq.Request({ linger: 0, receiveTimeout: 3000, sendTimeout: 1000 });
      try {
        req.connect(endpoint(this.connection, this.connection.hb_port));
        await req.send(Buffer.from("ping"));
        await req.receive();
        misses = 0;
        warned = false;
      } catch {
        if (this.alive && !this.closed && ++misses >= 3 && !warned) {
          warned = true;
          this.options.onWarning?.(`kernel "${this.spec.name}" (pid ${this.pid}) does not answer heartbeats (${misses} missed)`);
        }
      } finally {
        req.close();
      }
      if (!this.closed && this.alive) this.hbTimer = setTimeout(() => void beat(), 1000).unref();
    };
    this.hbTimer = setTimeout(() => void beat(), 1000);
    this.hbTimer.unref();
  }

  private stopHeartbeat(): void {
    clearTimeout(this.hbTimer);
  }

  private closeSockets(): void {
    this.stopHeartbeat();
    if (this.closed) return;
    this.closed = true;
    for (const s of [this.shell, this.control, this.stdin, this.iopub]) s.close();
    this.removeConnectionFile();
  }

  private removeConnectionFile(): void {
    try {
      fs.unlinkSync(this.connectionFile);
    } catch {
      // already gone
    }
  }

  private signal(sig: NodeJS.Signals): void {
    if (!this.alive || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, sig); // the whole group: helpers the kernel started go too
    } catch {
      try {
        this.child.kill(sig);
      } catch {
        // already exited
      }
    }
  }

  private waitExit(ms: number): Promise<boolean> {
    return Promise.race([this.exited.then(() => true), delay(ms).then(() => false)]);
  }

  private kernelOutput(text: string, stream: "stdout" | "stderr"): void {
    this.options.onKernelOutput?.(text, stream);
    this.outputTail = (this.outputTail + text).split("\n").slice(-20).join("\n");
  }

  private tailForMessage(): string {
    const tail = this.outputTail.trim();
    return tail ? `; its last output:\n${tail}` : "";
  }

  private deathMessage(): string {
    const e = this.exitInfo;
    const how = e?.signal ? `was killed by ${e.signal}` : `exited with code ${e?.code}`;
    return `kernel "${this.spec.name}" (pid ${this.pid}) died: it ${how}${this.tailForMessage()}`;
  }

  private assertAlive(what: string): void {
    if (!this.alive) throw new KernelDiedError(`cannot ${what}: ${this.deathMessage()}`, this.exitInfo);
  }
}

// Polls the runner and the kernel once a second; when the runner is gone (even killed with
// SIGKILL, when no handler of ours runs) it kills the kernel's process group. A kernel that
// watches JPY_PARENT_PID would exit by itself; this covers kernels that do not.
const WATCHDOG =
  'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill -0 "$1" 2>/dev/null || { kill -KILL -"$2" 2>/dev/null || kill -KILL "$2" 2>/dev/null; rm -f "$3"; }';

function startWatchdog(kernelPid: number | undefined, connectionFile: string): void {
  if (kernelPid === undefined || process.platform === "win32") return;
  try {
    const watchdog = spawn("/bin/sh", ["-c", WATCHDOG, "nnlab-kernel-watchdog", String(process.pid), String(kernelPid), connectionFile], {
      detached: true,
      stdio: "ignore",
    });
    watchdog.on("error", () => undefined);
    watchdog.unref();
  } catch {
    // no /bin/sh: the exit hook and JPY_PARENT_PID still apply
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
