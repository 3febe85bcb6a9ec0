/**
 * `nnlab export <notebooks...> --out <dir> [--execute] [--single-file]`: the command line
 * face of the exporter (kernel/cli.ts dispatches "export" here).
 */
import { coerceNotebook, readNotebook, type Notebook } from "../nbformat";
import { exportSite, type ExportSource } from "./site";
import { reportError } from "../cliErrors";

/** The parsed command line. */
export interface ExportArgs {
  readonly notebooks: readonly string[];
  readonly outDir: string;
  readonly execute: boolean;
  readonly singleFile: boolean;
  /** With --execute: record cell errors and go on (lessons that show an error on purpose). */
  readonly allowErrors: boolean;
  /** A live site: editors and Run on every code cell, cells run in the page. */
  readonly live: boolean;
  /** With --execute: the per-cell limit in seconds (the cell is interrupted and the export fails). */
  readonly timeoutSeconds?: number;
}

/** The usage text `nnlab export --help` prints. */
export const EXPORT_USAGE = `Usage: nnlab export <notebooks...> --out <dir> [--execute [--allow-errors] [--timeout S]] [--single-file | --live]

Exports notebooks as a static HTML site that works offline: <dir>/index.html lists the
lessons (in the order given, which is also the previous/next order), one page per notebook.

  --out, -o <dir>   the site folder (created; an earlier export's files there are replaced,
                    files it did not write are kept)
  --execute         run each notebook through its kernel first (the runner); the
                    .ipynb files are not modified, the outputs go to the site only
  --allow-errors    with --execute: record cell errors and go on instead of stopping
  --timeout S       with --execute: a cell running longer than S seconds is interrupted and
                    the export fails (no limit without it; the same option as nnlab run's)
  --single-file     one self-contained HTML file per lesson (CSS, fonts, Plotly inline)
  --live            a live site: every code cell gets an editor and Run, cells run in the
                    page (a Web Worker with TF.js); serve it with \`nnlab serve <dir>\`
  --help, -h        this text
`;

/** A command line that cannot be understood; the message says what to fix. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * Parses the arguments after "export".
 *
 * @example
 * parseExportArgs(["a.ipynb", "--out", "site"]); // { notebooks: ["a.ipynb"], outDir: "site", ... }
 */
export function parseExportArgs(argv: readonly string[]): ExportArgs {
  const notebooks: string[] = [];
  let outDir: string | undefined;
  let execute = false;
  let singleFile = false;
  let allowErrors = false;
  let live = false;
  let timeoutSeconds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--out" || arg === "-o") {
      const value = argv[++i];
      if (value === undefined || value.startsWith("-")) throw new UsageError(`${arg} needs a folder, e.g. ${arg} dist/lessons`);
      outDir = value;
    } else if (arg.startsWith("--out=")) {
      outDir = arg.slice("--out=".length);
      if (outDir === "") throw new UsageError("--out= needs a folder, e.g. --out=dist/lessons");
    } else if (arg === "--execute") execute = true;
    else if (arg === "--single-file") singleFile = true;
    else if (arg === "--allow-errors") allowErrors = true;
    else if (arg === "--live") live = true;
    else if (arg === "--timeout" || arg.startsWith("--timeout=")) {
      const value = arg === "--timeout" ? argv[++i] : arg.slice("--timeout=".length);
      timeoutSeconds = parseSeconds(value);
    } else if (arg === "--") {
      notebooks.push(...argv.slice(i + 1));
      i = argv.length;
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else notebooks.push(arg);
  }
  if (notebooks.length === 0) throw new UsageError("no notebooks given; name one or more .ipynb files");
  if (outDir === undefined) throw new UsageError("--out <dir> is required (where to write the site)");
  if (allowErrors && !execute) throw new UsageError("--allow-errors only applies with --execute");
  if (live && singleFile) throw new UsageError("--live and --single-file do not go together (a live page needs its worker and wasm files)");
  if (timeoutSeconds !== undefined && !execute) throw new UsageError("--timeout only applies with --execute (it limits each cell's run)");
  return { notebooks, outDir, execute, singleFile, allowErrors, live, timeoutSeconds };
}

/** --timeout's value: a positive number of seconds. */
function parseSeconds(value: string | undefined): number {
  const n = value === undefined || value.trim() === "" ? NaN : Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, got ${value === undefined ? "nothing" : JSON.stringify(value)}`);
  }
  return n;
}

/**
 * Runs a notebook through the kernel with the runner (kernel/runner), loaded only for
 * --execute so that exporting stored outputs never starts a kernel or loads ZeroMQ. The
 * source file is not touched: the executed copy lives in memory.
 */
async function executeNotebook(file: string, allowErrors: boolean, timeoutSeconds?: number): Promise<Notebook> {
  const runner = await import("../runner");
  const input = readNotebook(file); // checked here, so a bad file is named before a kernel starts
  const executed = await runner.runNotebook(input, {
    source: file,
    allowErrors,
    timeoutSeconds,
    onProgress: (event) => {
      if (event.kind === "cell-done") {
        process.stderr.write(`  cell ${event.codeCell}/${event.codeCells} ${event.status} (${event.seconds.toFixed(1)} s)\n`);
      } else if (event.kind === "warning") process.stderr.write(`  warning: ${event.message}\n`);
    },
  });
  // The outputs came from a kernel: checked and filled in like a file's, so the renderers can trust them.
  return coerceNotebook(executed, file);
}

/**
 * Runs `nnlab export`; returns the process exit code (0 done, 1 failed, 2 bad usage).
 * Messages go to stderr, the summary to stdout.
 */
export async function exportCommand(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(EXPORT_USAGE);
    return 0;
  }
  let args: ExportArgs;
  try {
    args = parseExportArgs(argv);
  } catch (err) {
    process.stderr.write(`nnlab export: ${(err as Error).message}; \`nnlab export --help\` lists the options\n`);
    return 2;
  }
  try {
    let sources: ExportSource[] = [...args.notebooks];
    if (args.execute) {
      sources = [];
      for (const [i, file] of args.notebooks.entries()) {
        process.stderr.write(`[${i + 1}/${args.notebooks.length}] running ${file}\n`);
        // In memory only: the lesson sources stay without outputs.
        sources.push({ file, notebook: await executeNotebook(file, args.allowErrors, args.timeoutSeconds) });
      }
    }
    const result = await exportSite(sources, { outDir: args.outDir, singleFile: args.singleFile, live: args.live });
    process.stdout.write(
      `Exported ${result.lessons.length} lesson${result.lessons.length === 1 ? "" : "s"} in ${(result.milliseconds / 1000).toFixed(2)} s.\n` +
        (args.live ? `Serve it with: npx nnlab serve ${args.outDir}\n` : `Open ${result.pages[0]}\n`),
    );
    return 0;
  } catch (err) {
    reportExportError(err);
    return 1;
  }
}

/** One line for a failed export (the stack with --verbose). */
function reportExportError(err: unknown): void {
  reportError("nnlab export", err);
}
