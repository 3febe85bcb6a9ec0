/**
 * The kernel's main thread: warms the TensorFlow.js backend and the TypeScript engine, starts
 * the protocol thread, and handles the requests that need the engine (execute, complete,
 * inspect, is_complete), turning outputs into iopub messages.
 */
import * as fs from "fs";
import * as path from "path";
import { Worker } from "worker_threads";
import { backendInfo, initBackend, InterruptedError } from "../../lib";
import { clearInterrupt, mimeBundle, requestInterrupt, setDisplayHost, type MimeBundle } from "../../lib/hooks";
import { codePointsToOffset, Engine, offsetToCodePoints, typescriptVersion } from "../engine";
import { packageRoot } from "../engine/nnlabModule";
import { stopLayersFitOnInterrupt } from "../../lib/train/layersInterrupt";
import { EXECUTING, type ToMain, type ToProtocol, type WorkerData } from "./threadMessages";

function kernelLog(text: string): void {
  fs.writeSync(2, `nnlab kernel: ${text}\n`);
}

/**
 * Starts the nnlab kernel on the connection file Jupyter wrote; runs until shutdown_request.
 *
 * @example
 * await startKernel("/run/user/1000/jupyter/kernel-1234.json");
 */
export async function startKernel(connectionFile: string): Promise<void> {
  // Taken first: if the launcher dies during the slow warm-up, the protocol thread still sees it.
  const parentPid = process.ppid;
  if (!fs.existsSync(connectionFile)) throw new TypeError(`nnlab kernel: connection file not found: ${connectionFile}`);
  const started = Date.now();
  const version = (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
  const shared = new SharedArrayBuffer(8);
  const flags = new Int32Array(shared);
  const data: WorkerData = { connectionFile, shared, implementationVersion: version, typescriptVersion, parentPid };
  const worker = new Worker(path.join(__dirname, "protocolThread.js"), { workerData: data, stdout: false, stderr: false });
  worker.on("error", (e) => {
    kernelLog(`protocol thread error: ${e.stack ?? e}`);
    process.exit(1);
  });
  worker.on("exit", (code) => {
    if (code !== 0) process.exit(code);
  });
  const post = (m: ToProtocol) => worker.postMessage(m);

  // Warm-up writes (TF.js notices, the backend line) go to the kernel's log, not to a cell.
  const engine = new Engine(flags);
  const backend = await initBackend();
  stopLayersFitOnInterrupt();
  kernelLog(`engine and backend ready in ${Date.now() - started} ms`);

  let outputId = 0;
  let running: { id: number; count: number; silent: boolean } | undefined;

  const iopub = (msgType: string, content: Record<string, unknown>) => post({ kind: "iopub", id: outputId, msgType, content });

  setDisplayHost({
    display(bundle: MimeBundle, displayId?: string) {
      iopub("display_data", { data: bundle, metadata: {}, transient: displayId ? { display_id: displayId } : {} });
    },
    update(bundle: MimeBundle, displayId: string) {
      iopub("update_display_data", { data: bundle, metadata: {}, transient: { display_id: displayId } });
    },
  });

  for (const name of ["stdout", "stderr"] as const) {
    const stream = process[name];
    stream.write = (chunk: unknown, encoding?: unknown, cb?: unknown) => {
      const text =
        typeof chunk === "string"
          ? chunk
          : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
      post({ kind: "stream", id: outputId, name, text });
      const done = typeof encoding === "function" ? encoding : cb;
      if (typeof done === "function") process.nextTick(done);
      return true;
    };
  }
  const showLate = (label: string, e: unknown) => {
    if (e instanceof InterruptedError) return; // an interrupted cell's abandoned work ending
    process.stderr.write(`${label}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  };
  process.on("unhandledRejection", (e) => showLate("Unhandled promise rejection", e));
  process.on("uncaughtException", (e) => showLate("Uncaught exception", e));
  // Signal-mode interrupts (SIGINT) while the main thread is free; a sync stretch inside the
  // cell's first tick is stopped by vm's breakOnSigint. Message mode is the kernelspec default.
  process.on("SIGINT", () => onInterrupt(false));

  let executionCount = 0;
  let cellSeq = 0;

  function finishExecute(
    id: number,
    count: number,
    outcome: Awaited<ReturnType<Engine["execute"]>>,
    silent: boolean,
    userExpressions: Record<string, unknown>,
  ) {
    Atomics.store(flags, EXECUTING, 0);
    running = undefined;
    if (outcome.status === "error") {
      const err = { ename: outcome.ename, evalue: outcome.evalue, traceback: outcome.traceback };
      iopub("error", err);
      post({ kind: "reply", id, content: { status: "error", execution_count: count, ...err } });
      return;
    }
    if (outcome.hasValue && !silent) {
      try {
        iopub("execute_result", { execution_count: count, data: mimeBundle(outcome.value), metadata: {} });
      } catch (e) {
        process.stderr.write(`could not display the cell's value: ${(e as Error).message}\n`);
      }
    }
    post({ kind: "reply", id, content: { status: "ok", execution_count: count, user_expressions: userExpressions, payload: [] } });
  }

  function onInterrupt(terminated: boolean): void {
    post({ kind: "interruptHandled" });
    requestInterrupt();
    const wasAwaiting = engine.isAwaiting;
    engine.interrupt();
    if (terminated && running && !wasAwaiting) {
      // The cell's synchronous code was terminated: nothing below it on the stack survived.
      const r = running;
      const e = new InterruptedError();
      finishExecute(
        r.id,
        r.count,
        { status: "error", ename: e.name, evalue: e.message, traceback: [`${e.name}: ${e.message}`] },
        r.silent,
        {},
      );
    }
  }

  async function execute(id: number, content: Record<string, unknown>): Promise<void> {
    const code = String(content.code ?? "");
    const silent = content.silent === true;
    const store = content.store_history !== false && !silent;
    if (store) executionCount++;
    const count = executionCount;
    outputId = id;
    if (!silent) iopub("execute_input", { code, execution_count: count });
    clearInterrupt();
    running = { id, count, silent };
    Atomics.store(flags, EXECUTING, 1);
    const outcome = await engine.execute(code, ++cellSeq);
    if (running?.id !== id) return; // finished by an interrupt that terminated it
    const userExpressions: Record<string, unknown> = {};
    if (outcome.status === "ok" && content.user_expressions && typeof content.user_expressions === "object") {
      for (const [name, expr] of Object.entries(content.user_expressions as Record<string, string>)) {
        const r = await engine.execute(String(expr), ++cellSeq);
        userExpressions[name] =
          r.status === "ok"
            ? { status: "ok", data: mimeBundle(r.value), metadata: {} }
            : { status: "error", ename: r.ename, evalue: r.evalue, traceback: r.traceback };
      }
    }
    finishExecute(id, count, outcome, silent, userExpressions);
  }

  async function handle(id: number, msgType: string, content: Record<string, unknown>): Promise<void> {
    const code = String(content.code ?? "");
    switch (msgType) {
      case "execute_request":
        return execute(id, content);
      case "complete_request": {
        const offset = codePointsToOffset(code, Number(content.cursor_pos ?? code.length));
        const c = engine.complete(code, offset);
        post({
          kind: "reply",
          id,
          content: {
            status: "ok",
            matches: c.matches,
            cursor_start: offsetToCodePoints(code, c.start),
            cursor_end: offsetToCodePoints(code, c.end),
            metadata: {},
          },
        });
        return;
      }
      case "inspect_request": {
        const offset = codePointsToOffset(code, Number(content.cursor_pos ?? code.length));
        const text = engine.inspect(code, offset);
        post({
          kind: "reply",
          id,
          content: { status: "ok", found: text !== undefined, data: text ? { "text/plain": text } : {}, metadata: {} },
        });
        return;
      }
      case "is_complete_request":
        post({ kind: "reply", id, content: engine.isComplete(code) });
        return;
    }
  }

  worker.on("message", (m: ToMain) => {
    switch (m.kind) {
      case "request":
        handle(m.id, m.msgType, m.content).catch((e: unknown) => {
          kernelLog(`${m.msgType} failed: ${(e as Error).stack ?? e}`);
          const err = e instanceof Error ? e : new Error(String(e));
          Atomics.store(flags, EXECUTING, 0);
          running = undefined;
          post({
            kind: "reply",
            id: m.id,
            content: { status: "error", ename: err.name, evalue: err.message, traceback: [String(err.stack)] },
          });
        });
        return;
      case "interrupt":
        onInterrupt(m.terminated);
        return;
      case "shutdown":
        engine.close();
        kernelLog("shut down");
        process.exit(0);
    }
  });

  const info = backendInfo() ?? backend;
  post({
    kind: "ready",
    typescriptVersion,
    banner: `nnlab ${version}: TypeScript ${typescriptVersion} for deep learning (TensorFlow.js backend "${info.name}": ${info.reason})`,
  });
}
