/**
 * The kernel's main thread: guards the process against late errors, starts the protocol
 * thread, warms the TensorFlow.js backend and the TypeScript engine, and answers the requests
 * that need the engine. Output (streams, displays, values, errors) goes to the protocol thread
 * as messages under the id of the request it belongs to.
 */
import * as fs from "fs";
import * as path from "path";
import { Worker } from "worker_threads";
import { backendInfo, initBackend } from "../../lib";
import { setDisplayHost, stopLayersFitOnInterrupt } from "../../lib/hooks";
import { Engine, typescriptVersion } from "../engine";
import { packageRoot } from "../engine/nnlabModule";
import { snapshotUse } from "../snapshot/snapshotUse";
import type { IopubType } from "../protocol";
import { CellExecutor } from "./cellExecutor";
import { kernelDisplayHost } from "./displayHost";
import { completeReply, inspectReply, isCompleteReply } from "./engineRequests";
import { guardLateErrors, type LateErrorOrigin } from "./lateErrors";
import { log } from "./log";
import { captureOutput } from "./outputCapture";
import type { ToMain, ToProtocol, WorkerData } from "./threadMessages";

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
  // Before anything loads a backend: errors during warm-up are kept for the first cell too.
  const early: [unknown, LateErrorOrigin][] = [];
  let onLateError: (e: unknown, origin: LateErrorOrigin) => void = (e, origin) => early.push([e, origin]);
  guardLateErrors((e, origin) => onLateError(e, origin));

  const started = Date.now();
  const version = (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const worker = startProtocolThread({
    connectionFile,
    shared: flags.buffer,
    implementationVersion: version,
    typescriptVersion,
    parentPid,
  });
  const toProtocol = (m: ToProtocol) => worker.postMessage(m);

  // Warm-up writes (TF.js notices, the backend line) go to the kernel's log, not to a cell.
  const engine = new Engine(flags);
  const backend = await initBackend();
  stopLayersFitOnInterrupt();
  log(`engine and backend ready in ${Date.now() - started} ms (${snapshotUse()})`);

  const iopub = (id: number, msgType: IopubType, content: object) => toProtocol({ kind: "iopub", id, msgType, content });
  const executor = new CellExecutor(engine, flags, { iopub, reply: (id, content) => toProtocol({ kind: "reply", id, content }) });
  onLateError = (e, origin) => executor.lateError(e, origin);
  for (const [e, origin] of early.splice(0)) executor.lateError(e, origin);
  setDisplayHost(kernelDisplayHost((msgType, content) => iopub(executor.outputId, msgType, content)));
  captureOutput((name, text) => toProtocol({ kind: "stream", id: executor.outputId, name, text }));
  // Signal-mode interrupts (SIGINT) while the main thread is free; a sync stretch inside the
  // cell's first tick is stopped by vm's breakOnSigint. Message mode is the kernelspec default.
  process.on("SIGINT", () => {
    toProtocol({ kind: "interruptHandled" });
    executor.interrupt(false);
  });

  async function handle(id: number, msgType: string, content: Record<string, unknown>): Promise<void> {
    const code = typeof content.code === "string" ? content.code : "";
    const cursorPos = Number(content.cursor_pos ?? code.length);
    const reply = (c: object) => toProtocol({ kind: "reply", id, content: c });
    switch (msgType) {
      case "execute_request":
        return executor.execute(id, content);
      case "complete_request":
        return reply(completeReply(engine, code, cursorPos));
      case "inspect_request":
        return reply(inspectReply(engine, code, cursorPos));
      case "is_complete_request":
        return reply(isCompleteReply(engine, code));
    }
  }

  worker.on("message", (m: ToMain) => {
    switch (m.kind) {
      case "request":
        handle(m.id, m.msgType, m.content).catch((e: unknown) => {
          log(`${m.msgType} failed: ${(e as Error).stack ?? String(e)}`);
          const err = e instanceof Error ? e : new Error(String(e));
          executor.abandon();
          toProtocol({
            kind: "reply",
            id: m.id,
            content: { status: "error", ename: err.name, evalue: err.message, traceback: [String(err.stack)] },
          });
        });
        return;
      case "interrupt":
        toProtocol({ kind: "interruptHandled" });
        executor.interrupt(m.terminated);
        return;
      case "shutdown":
        engine.close();
        log("shut down");
        process.exit(0);
    }
  });

  const info = backendInfo() ?? backend;
  toProtocol({
    kind: "ready",
    typescriptVersion,
    banner: `nnlab ${version}: TypeScript ${typescriptVersion} for deep learning (TensorFlow.js backend "${info.name}": ${info.reason})`,
  });
}

/** Starts the protocol thread; the kernel ends when it fails. */
function startProtocolThread(data: WorkerData): Worker {
  const worker = new Worker(path.join(__dirname, "protocolThread.js"), { workerData: data, stdout: false, stderr: false });
  worker.on("error", (e) => {
    log(`protocol thread error: ${e.stack ?? String(e)}`);
    process.exit(1);
  });
  worker.on("exit", (code) => {
    if (code !== 0) process.exit(code);
  });
  return worker;
}
