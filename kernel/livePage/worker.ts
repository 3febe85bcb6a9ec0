/**
 * The live page's Web Worker: runs cells with the kernel's semantics (see transformCell.ts)
 * against the bundled library, and sends streams, displays and results to the page as the
 * same MIME bundles the kernel sends to Jupyter.
 */
import * as tfjs from "@tensorflow/tfjs";
// Registers the "webgpu" backend (chosen where the browser has an adapter; see chooseBackend.ts).
import "@tensorflow/tfjs-backend-webgpu";
import { mimeBundle, platform, setDisplayHost, siteFiles } from "../../lib/hooks";
import * as nnlab from "../../lib/index";
import { chooseBackend } from "./chooseBackend";
import { installTensorRelease, memoryShadowTrigger, type TensorRelease } from "../tensorRelease";
import type { CellError, FromWorker, ToWorker } from "./workerMessages";
import { compileCell } from "./transformCell";

const MODULES: Record<string, Record<string, unknown>> = {
  nnlab: nnlab,
  "@tensorflow/tfjs": tfjs,
};

const scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
let currentId = -1;
let release: TensorRelease | undefined;

function post(message: FromWorker): void {
  (self as unknown as { postMessage(m: FromWorker): void }).postMessage(message);
}

function importModule(name: string, member?: string): unknown {
  const mod = MODULES[name];
  if (mod === undefined) {
    throw new Error(
      `Cannot find module '${name}': a live page has only ${Object.keys(MODULES)
        .map((m) => `"${m}"`)
        .join(" and ")}`,
    );
  }
  if (member !== undefined && !(member in mod)) throw new SyntaxError(`The module '${name}' does not provide an export named '${member}'`);
  return member === undefined ? mod : mod[member];
}

function text(args: unknown[]): string {
  return args.map((a) => (typeof a === "string" ? a : platform.inspect(a, { depth: 2 }))).join(" ") + "\n";
}

function captureConsole(): void {
  const out = (...args: unknown[]) => post({ type: "stream", id: currentId, name: "stdout", text: text(args) });
  const err = (...args: unknown[]) => post({ type: "stream", id: currentId, name: "stderr", text: text(args) });
  // console.table prints its data as text, as Node's does without a table renderer.
  Object.assign(console, { log: out, info: out, debug: out, table: out, warn: err, error: err });
}

/** The error's stack, cut at the last frame of a cell (the rest is this worker). */
function cellError(e: unknown, isCellFrame: (line: string) => boolean): CellError {
  const error = e instanceof Error ? e : new Error(String(e));
  const lines = (error.stack ?? `${error.name}: ${error.message}`).split("\n");
  const last = lines.map(isCellFrame).lastIndexOf(true);
  const kept = last >= 0 ? lines.slice(0, last + 1) : lines.slice(0, 1);
  // Line 1 carries the wrapper's prelude: columns there are not the cell's, lines are.
  return {
    ename: error.name,
    evalue: error.message,
    traceback: kept.map((l) => l.replace(/eval \((cell-\d+)/, "$1").replace(/^\s+at eval /, "    at ")),
  };
}

/** Late errors kept while no cell runs, at most this many (a timer may throw forever). */
const MAX_WAITING_LATE_ERRORS = 20;
const waitingLateErrors: CellError[] = [];
let running = false;

/**
 * An error nothing caught in a cell's asynchronous code: shown now in the running cell, or kept
 * for the next one, worded as the kernel words it (kernel/server/cellExecutor.ts); the session
 * goes on (test/contract/cellSemantics).
 */
function lateError(e: unknown, what: string): void {
  const when = running ? "while this cell ran" : "while no cell was running; shown with the next cell";
  const error = cellError(e, (l) => /cell-\d+\.ts/.test(l));
  error.traceback = [`${what} in asynchronous code (a timer, callback, unawaited promise or event emitter), ${when}:`, ...error.traceback];
  if (running) post({ type: "lateError", id: currentId, error });
  else if (waitingLateErrors.length < MAX_WAITING_LATE_ERRORS) waitingLateErrors.push(error);
}

self.addEventListener("error", (event) => {
  event.preventDefault();
  lateError(event.error ?? event.message, "Uncaught exception");
});
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  lateError(event.reason, "Unhandled promise rejection");
});

async function run(id: number, cellName: string, source: string): Promise<void> {
  currentId = id;
  running = true;
  for (const error of waitingLateErrors.splice(0)) post({ type: "lateError", id, error });
  try {
    const compiled = compileCell(source, cellName);
    for (const name of compiled.names) if (!(name in scope)) scope[name] = undefined;
    const fn = (0, eval)(compiled.code) as (s: object, i: typeof importModule) => Promise<{ hasValue: boolean; value: unknown }>;
    const { hasValue, value } = await fn(scope, importModule);
    if (hasValue && value !== undefined) post({ type: "result", id, bundle: mimeBundle(value) });
    post({ type: "done", id, ok: true });
  } catch (e) {
    post({ type: "done", id, ok: false, error: cellError(e, (l) => l.includes(cellName)) });
  }
  running = false;
  // Before the next cell: what this cell left unreachable is released (see kernel/tensorRelease).
  await release?.afterCell();
}

async function init(message: Extract<ToWorker, { type: "init" }>): Promise<void> {
  captureConsole();
  siteFiles.configure(message.base, message.packages, (name, bytes) => post({ type: "download", name, bytes }));
  for (const file of message.files) siteFiles.addPicked(file.name, file.bytes);
  platform.setEnv("NNLAB_WASM_PATHS", new URL("assets/live/", message.base).href);
  if (message.quick) platform.setEnv("NNLAB_QUICK", "1");
  platform.setEnv("NNLAB_QUIET_BACKEND", "1");
  setDisplayHost({
    display: (bundle, displayId) => post({ type: "display", id: currentId, bundle, displayId }),
    update: (bundle, displayId) => post({ type: "update", bundle, displayId }),
    clear: (wait) => post({ type: "clear", id: currentId, wait }),
  });
  try {
    const choice = await chooseBackend(message.backend);
    platform.setEnv("NNLAB_BACKEND", choice.name);
    const info = await nnlab.initBackend();
    release = installTensorRelease(memoryShadowTrigger());
    post({ type: "ready", backend: info.tfName, reason: choice.reason });
  } catch (e) {
    post({ type: "initFailed", message: (e as Error).message });
  }
}

// Cells run one at a time, in the order the page sends them.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "init") queue = queue.then(() => init(message));
  // A picked file is there for every cell that runs after it arrived.
  else if (message.type === "file") siteFiles.addPicked(message.file.name, message.file.bytes);
  else queue = queue.then(() => run(message.id, message.cellName, message.source));
};
