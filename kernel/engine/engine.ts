/**
 * The TypeScript engine under the kernel: tslab's cell converter (TypeScript compiler with
 * declarations carried from cell to cell, completion, quick info) plus nnlab's own execution,
 * which keeps the last expression's value, maps errors to the cell's own lines, and makes
 * running code stoppable (see instrument.ts).
 */
import * as path from "path";
import * as vm from "vm";
import Module from "module";
import type * as TS from "@tslab/typescript-for-tslab";
import { inspect as inspectValue } from "util";
import { createConverter as createTslabConverter, isCompleteCode, type Converter } from "tslab/dist/converter";
import { printQuickInfo } from "tslab/dist/inspect";
import { InterruptedError } from "../../lib/host";
import { ts } from "./tslabCompiler";
import { instrument, RUNTIME_NAME } from "./instrument";
import { guardCellExits } from "./exitGuard";
import { cellLineOf, markLines } from "./lineMarkers";
import { declaredNames, expandShorthands } from "./shorthand";
import { SideModules } from "./sideModules";
import { detachDeclared, shareBinding, shareTopLevelBindings } from "./sharedBindings";
import { mayLoadModules, type KernelLibrary } from "./library";
import type { TensorRelease } from "../tensorRelease";
import { fullGcTrigger, settledFullGc } from "./fullGc";
import { packageRoot, patchNodeResolution, patchTypeScriptSys } from "./nnlabModule";

/** What executing a cell produced. */
export type ExecuteOutcome =
  { status: "ok"; hasValue: boolean; value?: unknown } | { status: "error"; ename: string; evalue: string; traceback: string[] };

/** Completion candidates over [start, end) of the code (UTF-16 offsets). */
export interface Completion {
  start: number;
  end: number;
  matches: string[];
}

interface CellRecord {
  /** The cell's own lines. */
  lines: string[];
  /** The lines of the script that ran (with line markers). */
  compiled: string[];
}

/**
 * Set by test/kernel/measure_latency.py in the kernel's environment only: then a cell that is
 * exactly MEASURE_GC_CELL runs full GCs until RSS settles, so RSS can be sampled without garbage in it. Learners'
 * kernels (and the tests) never have it; tensor collection never depends on it.
 */
const MEASURE = process.env.NNLAB_MEASURE === "1";
const MEASURE_GC_CELL = "%gc";

/** How many cells' lines are kept for mapping tracebacks. */
const MAX_CELL_RECORDS = 100;

/** TypeScript's "Cannot find module" errors: 2307, and 2792 (the same, with a hint to change moduleResolution). */
const MODULE_NOT_FOUND = new Set([2307, 2792]);

function createConverter(): Converter {
  // The converter takes the compiler's sys when it is created: patch it first.
  patchTypeScriptSys(ts, packageRoot());
  return createTslabConverter({ isJS: false, isBrowser: false });
}

/** vm's own error when breakOnSigint (or a timeout) stopped the script. */
function isScriptInterrupt(e: unknown): boolean {
  return e instanceof Error && /Script execution (was interrupted|timed out)/.test(e.message);
}

/** Converts a position in Unicode code points (Jupyter's unit) to a UTF-16 offset. */
export function codePointsToOffset(text: string, codePoints: number): number {
  let offset = 0;
  let n = 0;
  for (const ch of text) {
    if (n >= codePoints) break;
    offset += ch.length;
    n++;
  }
  return offset;
}

/** Converts a UTF-16 offset to Unicode code points. */
export function offsetToCodePoints(text: string, offset: number): number {
  return [...text.slice(0, offset)].length;
}

/**
 * Compiles and runs cells. One per kernel.
 *
 * @example
 * const engine = new Engine(new Int32Array(new SharedArrayBuffer(8)), new KernelLibrary());
 * const out = await engine.execute("const x: number = 1 + 1; x", 1); // { status: "ok", value: 2 }
 */
export class Engine {
  private converter: Converter;
  private prevDecl = "";
  private readonly exports: Record<string, unknown>;
  /** The object behind `exports` (shared `let`/`var` bindings are accessors on it, see sharedBindings.ts). */
  private readonly scope: Record<string, unknown>;
  private readonly req: NodeJS.Require;
  private readonly sideModules = new SideModules();
  private readonly cells = new Map<number, CellRecord>();
  private readonly interruptedCells = new Set<number>();
  private armed = 0;
  private currentCell = 0;
  private rejectRunning: ((e: unknown) => void) | undefined;
  private collector: TensorRelease | undefined;
  private compiledImports = false;

  /**
   * Told when a cell's compilation starts (true) and ends (false). The kernel uses it so an
   * interrupt never stops JavaScript inside the compiler, whose watch program would be left
   * half-updated.
   */
  onCompiling: (compiling: boolean) => void = () => {};

  /**
   * @param interruptCounter shared memory whose [0] the protocol thread bumps on interrupt.
   * @param library nnlab's library and TF.js, loaded before the first cell that can load a module.
   */
  constructor(
    private readonly interruptCounter: Int32Array,
    private readonly library: KernelLibrary,
  ) {
    // Tensors are tracked from the moment TF.js has a backend (see kernel/tensorRelease).
    library.onLoad(async () => {
      this.collector = (await import("../tensorRelease")).installTensorRelease(fullGcTrigger);
    });
    patchNodeResolution();
    guardCellExits(); // a cell's process.exit() is an error it shows, not a dead kernel
    this.converter = createConverter();
    const target: Record<string, unknown> = {};
    this.scope = target;
    // Named imports compile to defineProperty getters; store plain values so later cells can rebind them.
    // Defined, not assigned: an import must replace an earlier cell's shared binding, not write into it.
    this.exports = new Proxy(target, {
      defineProperty: (_t, prop, attrs) => {
        if (prop === "__esModule") return true;
        const value = attrs.get ? attrs.get() : attrs.value;
        return Reflect.defineProperty(target, prop, { value, writable: true, enumerable: true, configurable: true });
      },
    });
    const cwd = process.cwd();
    this.req = this.sideModules.wrap(Module.createRequire(path.join(cwd, "[notebook].js")), cwd);
    const runtime = {
      /** Loop check. */
      c: (): void => {
        if (Atomics.load(this.interruptCounter, 0) !== this.armed) throw new InterruptedError();
      },
      /** After-await check: also stops an abandoned cell's code resuming later. */
      r: <T>(cellId: number, value: T): T => {
        if (this.interruptedCells.has(cellId) || Atomics.load(this.interruptCounter, 0) !== this.armed) {
          throw new InterruptedError();
        }
        return value;
      },
      /** Shares a top-level `let`/`var` with later cells (see sharedBindings.ts). */
      b: (name: string, get: () => unknown, set: (v: unknown) => void): void => shareBinding(target, name, get, set),
    };
    (globalThis as Record<string, unknown>).__nnlab_cell__ = { exports: this.exports, require: this.req, rt: runtime };
  }

  /** Whether a cell that can load modules has been compiled (its imports' types are in the compiler's program). */
  get hasCompiledImports(): boolean {
    return this.compiledImports;
  }

  /** The variables cells defined (name -> value). */
  get locals(): Record<string, unknown> {
    return this.exports;
  }

  /**
   * Compiles and runs one cell. TypeScript errors and thrown values come back as an error
   * outcome (never thrown); an interrupt ends it with InterruptedError.
   */
  async execute(code: string, cellId: number): Promise<ExecuteOutcome> {
    // A collection still due runs first.
    this.collector?.runDue();
    if (MEASURE && code.trim() === MEASURE_GC_CELL) {
      await settledFullGc();
      return { status: "ok", hasValue: false };
    }
    try {
      return await this.run(code, cellId);
    } finally {
      void this.collector?.afterCell();
    }
  }

  private async run(code: string, cellId: number): Promise<ExecuteOutcome> {
    this.armed = Atomics.load(this.interruptCounter, 0);
    this.currentCell = cellId;
    const prevDecl = this.prevDecl;
    this.onCompiling(true);
    let cell: ReturnType<typeof expandShorthands>, converted: ReturnType<Converter["convert"]>, body: string | undefined;
    let declared: Set<string>;
    try {
      cell = expandShorthands(ts, code, () => declaredNames(ts, prevDecl));
      converted = this.convert(prevDecl, markLines(ts, cell.code));
      declared = declaredNames(ts, code, "cell.ts");
      if (converted.output) body = instrument(ts, shareTopLevelBindings(ts, converted.output, declared), cellId);
    } finally {
      this.onCompiling(false);
    }
    // Taken at once: the compiler emits a module's code only once (until its file changes).
    this.sideModules.update(converted.sideOutputs);
    const loadsModules = body !== undefined && mayLoadModules(body);
    this.compiledImports ||= loadsModules;
    if (loadsModules && !this.library.loaded) {
      // Counted as compiling: an interrupt waits for it rather than stop a module half loaded.
      this.onCompiling(true);
      try {
        await this.library.load();
      } catch (e) {
        return this.errorOutcome(e);
      } finally {
        this.onCompiling(false);
      }
    }
    // An interrupt that came while the cell compiled (the protocol thread waits instead of
    // stopping the compiler) stops it before any of its code runs.
    if (Atomics.load(this.interruptCounter, 0) !== this.armed) return this.errorOutcome(new InterruptedError());
    if (converted.diagnostics.length > 0) {
      const mapped = converted.diagnostics.map((d) =>
        d.fileName ? d : { ...d, start: cell.toOriginal(d.start), end: cell.toOriginal(d.end) },
      );
      return this.diagnosticsOutcome(code, mapped);
    }
    if (body === undefined) {
      this.prevDecl = converted.declOutput ?? "";
      return { status: "ok", hasValue: false };
    }
    const prefix = (converted.hasToplevelAwait ? "(async " : "(") + `function (exports, require, ${RUNTIME_NAME}) { `;
    const wrapped = prefix + body + "\n})(__nnlab_cell__.exports, __nnlab_cell__.require, __nnlab_cell__.rt)";
    this.cells.set(cellId, { lines: code.split("\n"), compiled: wrapped.split("\n") });
    // Old cells' lines only serve tracebacks through functions they defined; keep a window.
    if (this.cells.size > MAX_CELL_RECORDS) this.cells.delete(this.cells.keys().next().value as number);
    detachDeclared(this.scope, declared);
    try {
      const ret: unknown = vm.runInThisContext(wrapped, { filename: `In[${cellId}]`, breakOnSigint: true });
      if (converted.hasToplevelAwait) {
        await new Promise<void>((resolve, reject) => {
          this.rejectRunning = reject;
          (ret as Promise<unknown>).then(() => resolve(), reject);
        });
      }
    } catch (e) {
      // What ran before the throw stays defined (as in IPython): keep the cell's declarations.
      this.prevDecl = converted.declOutput ?? "";
      if (converted.lastExpressionVar) delete this.exports[converted.lastExpressionVar];
      return this.errorOutcome(e);
    } finally {
      this.rejectRunning = undefined;
    }
    this.prevDecl = converted.declOutput ?? "";
    const name = converted.lastExpressionVar;
    if (name && name in this.exports) {
      const value = this.exports[name];
      delete this.exports[name];
      return { status: "ok", hasValue: value !== undefined, value };
    }
    return { status: "ok", hasValue: false };
  }

  /**
   * Compiles a cell against the earlier cells' declarations. The converter's state is its
   * watch program only (the declarations are passed in each time), so one that failed inside
   * (cut off half-way, "Unexpected pending rebuildTimer") is replaced by a fresh one and the
   * cell compiled again, and so is one that did not find an imported module (it watches no
   * folders, so only a fresh one sees a package installed since).
   */
  private convert(prevDecl: string, src: string): ReturnType<Converter["convert"]> {
    let converted: ReturnType<Converter["convert"]>;
    try {
      converted = this.converter.convert(prevDecl, src);
    } catch (e) {
      process.stderr.write(`nnlab: the cell compiler failed (${(e as Error).message}); starting a fresh one\n`);
      this.freshConverter();
      return this.converter.convert(prevDecl, src);
    }
    // The converter remembers a failed module lookup; a package installed since is found by a fresh one.
    if (converted.diagnostics.some((d) => MODULE_NOT_FOUND.has(d.code))) {
      this.freshConverter();
      return this.converter.convert(prevDecl, src);
    }
    return converted;
  }

  private freshConverter(): void {
    try {
      this.converter.close();
    } catch {
      // A broken converter may fail to close too; it is dropped either way.
    }
    this.converter = createConverter();
  }

  /** True while a cell's top-level await is pending. */
  get isAwaiting(): boolean {
    return this.rejectRunning !== undefined;
  }

  /** Releases the compiler's watchers so the process can exit. */
  close(): void {
    this.converter.close();
  }

  /** Ends the running cell now (its awaited work is abandoned and stops where it resumes). */
  interrupt(): void {
    this.interruptedCells.add(this.currentCell);
    this.rejectRunning?.(new InterruptedError());
  }

  /** Completion at a UTF-16 offset. */
  complete(code: string, offset: number): Completion {
    const info = this.converter.complete(this.prevDecl, code, offset);
    return { start: info.start, end: info.end, matches: info.candidates };
  }

  /** Quick info (type and doc comment) at a UTF-16 offset, or undefined. */
  inspect(code: string, offset: number): string | undefined {
    const info = this.converter.inspect(this.prevDecl, code, offset);
    if (!info) return undefined;
    return printQuickInfo(info);
  }

  /** Jupyter's is_complete: "complete", "incomplete" (with an indent) or "invalid". */
  isComplete(code: string): { status: "complete" | "incomplete" | "invalid"; indent?: string } {
    if (/(^|\n)\s*\n\s*$/.test(code)) return { status: "complete" };
    const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const diags = (sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
    if (diags.length === 0) return { status: "complete" };
    const trimmedEnd = code.replace(/\s+$/, "").length;
    const atEnd = diags.every((d) => d.start >= trimmedEnd);
    if (atEnd) {
      return { status: "incomplete", indent: isCompleteCode(code).indent ?? "" };
    }
    return { status: "invalid" };
  }

  private diagnosticsOutcome(code: string, diagnostics: ReturnType<Converter["convert"]>["diagnostics"]): ExecuteOutcome {
    const lines = code.split("\n");
    const traceback: string[] = [];
    const first = diagnostics[0];
    for (const d of diagnostics) {
      const where = d.fileName ? `${d.fileName} ` : "";
      traceback.push(`${where}${d.start.line + 1}:${d.start.character + 1} - error TS${d.code}: ${d.messageText}`);
      if (!d.fileName) {
        const text = lines[d.start.line] ?? "";
        const width =
          d.end.line === d.start.line ? Math.max(1, d.end.character - d.start.character) : Math.max(1, text.length - d.start.character);
        const gutter = String(d.start.line + 1);
        traceback.push(`  ${gutter} | ${text}`, `  ${" ".repeat(gutter.length)} | ${" ".repeat(d.start.character)}${"^".repeat(width)}`);
      }
    }
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : "";
    return {
      status: "error",
      ename: "TypeScriptError",
      evalue: `${first.start.line + 1}:${first.start.character + 1} - ${first.messageText} (TS${first.code})${more}`,
      traceback,
    };
  }

  /** Maps line `line` of script `In[n]` to the cell's own line (1-based), or undefined. */
  private cellLine(cellId: number, line: number): number | undefined {
    const cell = this.cells.get(cellId);
    return cell ? cellLineOf(cell.compiled, line, cell.lines) : undefined;
  }

  /**
   * An error thrown outside any cell's own run (a timer, an unawaited promise) as the error
   * outcome a cell would give: its stack mapped to cell lines.
   */
  describeError(e: unknown): Extract<ExecuteOutcome, { status: "error" }> {
    return this.errorOutcome(e);
  }

  private errorOutcome(e: unknown): Extract<ExecuteOutcome, { status: "error" }> {
    if (isScriptInterrupt(e)) e = new InterruptedError();
    if (!(e instanceof Error)) {
      const text = typeof e === "string" ? e : inspectValue(e);
      return { status: "error", ename: "Uncaught", evalue: text, traceback: [`Uncaught ${text}`] };
    }
    const ename = e.name || e.constructor?.name || "Error";
    const evalue = e.message;
    const traceback = [`${ename}: ${evalue}`];
    if (e instanceof InterruptedError) return { status: "error", ename, evalue, traceback };
    const kernelDir = path.dirname(__dirname);
    for (const raw of (e.stack ?? "").split("\n")) {
      if (!/^\s+at /.test(raw)) continue;
      const frame = raw.trim();
      const m = /^at (?:(.*?) \()?In\[(\d+)\]:(\d+):(\d+)\)?$/.exec(frame);
      if (m) {
        const cellId = Number(m[2]);
        // The wrapper's own last line (the call that starts the cell) is not the learner's code.
        if (Number(m[3]) >= (this.cells.get(cellId)?.compiled.length ?? Infinity)) continue;
        const line = this.cellLine(cellId, Number(m[3]));
        const fn = m[1] && !/^(exports\.)?<anonymous>$|^Object\.<anonymous>$/.test(m[1]) ? `${m[1]} ` : "";
        if (line === undefined) {
          traceback.push(`    at ${fn}(Cell In[${cellId}])`);
        } else {
          const text = this.cells.get(cellId)?.lines[line - 1] ?? "";
          traceback.push(`    at ${fn}(Cell In[${cellId}], line ${line})`, `  ${line} | ${text}`);
        }
        continue;
      }
      if (frame.includes(kernelDir) || /(^at |\()node:/.test(frame) || frame.includes(`${path.sep}tslab${path.sep}`)) continue;
      traceback.push(`    ${frame}`);
    }
    return { status: "error", ename, evalue, traceback };
  }
}
