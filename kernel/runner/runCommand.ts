import * as fs from "fs";
import * as path from "path";
import { reportError } from "../cliErrors";
import { readNotebook, writeNotebook } from "../nbformat";
import { NotebookRunError, runNotebook, type RunProgress } from "./runNotebook";

const USAGE = `usage: nnlab run [options] NOTEBOOK...

Runs notebooks headless in a Jupyter kernel and writes their outputs (nbformat 4.5).

options:
  --out DIR             write the executed notebooks to DIR (default: in place)
  --kernel NAME         kernelspec to use (default: the notebook's, else "nnlab")
  --kernel-dir DIR      a kernelspec directory (holding kernel.json) to use instead
  --timeout SECONDS     per-cell limit: the kernel is interrupted and the run fails
  --startup-timeout S   how long the kernel may take to start (default 60)
  --allow-errors        record errors in the outputs and keep going
  --quiet               no progress lines
  -h, --help            this text

Exit status: 0 all ran, 1 a cell failed / timed out / the kernel died, 2 usage, 130 Ctrl-C.`;

interface RunArgs {
  notebooks: string[];
  out?: string;
  kernel?: string;
  kernelDir?: string;
  timeout?: number;
  startupTimeout?: number;
  allowErrors: boolean;
  quiet: boolean;
}

/** Parses `nnlab run` arguments; throws a RangeError with the problem for bad usage. */
export function parseRunArgs(argv: string[]): RunArgs | "help" {
  const args: RunArgs = { notebooks: [], allowErrors: false, quiet: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i];
    if (v === undefined || (v.startsWith("--") && v.length > 2)) throw new RangeError(`${flag} needs a value`);
    return v;
  };
  const seconds = (v: string, flag: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new RangeError(`${flag} must be a positive number of seconds, got "${v}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline: string | undefined;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) [a, inline] = [a.slice(0, eq), a.slice(eq + 1)];
    const next = (): string => inline ?? value(++i, a);
    switch (a) {
      case "-h":
      case "--help":
        return "help";
      case "--out":
      case "--output-dir":
        args.out = next();
        break;
      case "--kernel":
        args.kernel = next();
        break;
      case "--kernel-dir":
        args.kernelDir = next();
        break;
      case "--timeout":
        args.timeout = seconds(next(), a);
        break;
      case "--startup-timeout":
        args.startupTimeout = seconds(next(), a);
        break;
      case "--allow-errors":
        args.allowErrors = true;
        break;
      case "--quiet":
      case "-q":
        args.quiet = true;
        break;
      default:
        if (a.startsWith("-") && a !== "-") throw new RangeError(`unknown option ${a}`);
        args.notebooks.push(a);
    }
  }
  if (args.notebooks.length === 0) throw new RangeError("no notebook given");
  if (args.out) {
    const names = args.notebooks.map((n) => path.basename(n));
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) throw new RangeError(`two notebooks named ${dup} would overwrite each other in --out ${args.out}`);
  }
  return args;
}

function fmt(seconds: number): string {
  return seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1);
}

/**
 * `nnlab run`: executes notebooks in order in a real kernel (see {@link runNotebook}) and writes
 * them in place or to `--out`. Stops at the first failure with the notebook, the cell and the
 * traceback. Ctrl-C interrupts the kernel, then shuts it down; a second Ctrl-C kills it.
 * @returns the process exit status.
 */
export async function runCommand(argv: string[]): Promise<number> {
  let args: RunArgs;
  try {
    const parsed = parseRunArgs(argv);
    if (parsed === "help") {
      process.stdout.write(USAGE + "\n");
      return 0;
    }
    args = parsed;
  } catch (e) {
    process.stderr.write(`nnlab run: ${(e as Error).message}; \`nnlab run --help\` lists the options\n`);
    return 2;
  }
  const log = (line: string): void => {
    if (!args.quiet) process.stderr.write(line + "\n");
  };
  const abort = new AbortController();
  const removeSignalHandlers = handleSignals(abort);
  try {
    if (args.out && !makeOutFolder(args.out)) return 1;
    for (const file of args.notebooks) {
      const status = await runOne(file, args, abort.signal, log);
      if (status !== 0) return status;
    }
    return 0;
  } finally {
    removeSignalHandlers();
  }
}

/** Creates --out's folder; reports why it cannot (a file there, no permission) and returns false. */
function makeOutFolder(out: string): boolean {
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) {
    process.stderr.write(`nnlab run: --out ${out} is a file, not a folder; name a folder for the executed notebooks\n`);
    return false;
  }
  try {
    fs.mkdirSync(out, { recursive: true });
    return true;
  } catch (e) {
    reportError("nnlab run", e, "choose another --out folder");
    return false;
  }
}

/**
 * Ctrl-C aborts the run (the kernel is interrupted, then shut down); a second one exits, and the
 * exit hook kills the kernel. SIGTERM and SIGHUP exit through the same hook. Returns the remover.
 */
function handleSignals(abort: AbortController): () => void {
  let sigints = 0;
  const onSigint = (): void => {
    sigints++;
    if (sigints === 1) {
      process.stderr.write("\nnnlab run: interrupting the kernel (Ctrl-C again to kill it)\n");
      abort.abort();
    } else {
      process.stderr.write("\nnnlab run: killing the kernel\n");
      process.exit(130); // the 'exit' hook kills every kernel this process started
    }
  };
  const onTerm = (sig: NodeJS.Signals): void => {
    process.exit(sig === "SIGHUP" ? 129 : 143); // without a handler Node would skip 'exit' hooks
  };
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onTerm);
  process.on("SIGHUP", onTerm);
  return () => {
    process.off("SIGINT", onSigint);
    process.off("SIGTERM", onTerm);
    process.off("SIGHUP", onTerm);
  };
}

/** Runs one notebook and writes it; reports a failure on stderr. Returns the exit status. */
async function runOne(file: string, args: RunArgs, signal: AbortSignal, log: (line: string) => void): Promise<number> {
  const name = path.relative(process.cwd(), path.resolve(file)) || file;
  let nb;
  try {
    nb = readNotebook(file);
  } catch (e) {
    reportError("nnlab run", e);
    return 1;
  }
  const started = Date.now();
  const progress = progressLog(name, log);
  try {
    const done = await runNotebook(nb, {
      source: name,
      kernelName: args.kernel,
      kernelDir: args.kernelDir,
      timeoutSeconds: args.timeout,
      startupTimeoutSeconds: args.startupTimeout,
      allowErrors: args.allowErrors,
      signal,
      onProgress: progress.onProgress,
    });
    const target = args.out ? path.join(args.out, path.basename(file)) : file;
    writeNotebook(target, done);
    log(`${name}: done in ${fmt((Date.now() - started) / 1000)} s, written to ${target}`);
    return 0;
  } catch (e) {
    if (!(e instanceof NotebookRunError)) {
      reportError(`nnlab run: ${name}`, e);
      return 1;
    }
    process.stderr.write(failureReport(e));
    return e.kind === "interrupted" ? 130 : 1;
  } finally {
    progress.stop();
  }
}

/**
 * The progress lines of one notebook: the kernel's start, each cell's end, and every 10 s of a
 * long cell a "still running" line with the last line it printed.
 */
function progressLog(name: string, log: (line: string) => void): { onProgress: (p: RunProgress) => void; stop: () => void } {
  let ticker: NodeJS.Timeout | undefined;
  const onProgress = (p: RunProgress): void => {
    switch (p.kind) {
      case "kernel-started":
        log(`${name}: kernel ${p.kernel} (pid ${p.pid}) started in ${fmt(p.seconds)} s`);
        break;
      case "cell-start": {
        const t0 = Date.now();
        clearInterval(ticker);
        ticker = setInterval(() => {
          const line = p.lastLine();
          const said = line === undefined ? "" : `: ${line.length > 100 ? `${line.slice(0, 99)}…` : line}`;
          log(`${name}: cell ${p.codeCell}/${p.codeCells} still running (${fmt((Date.now() - t0) / 1000)} s)${said}`);
        }, 10_000);
        ticker.unref();
        break;
      }
      case "cell-done":
        clearInterval(ticker);
        log(`${name}: cell ${p.codeCell}/${p.codeCells} ${p.status === "ok" ? "ok" : p.status} (${fmt(p.seconds)} s)`);
        break;
      case "warning":
        log(`${name}: warning: ${p.message}`);
        break;
    }
  };
  return { onProgress, stop: () => clearInterval(ticker) };
}

/** What a failed run prints: the message, the failing cell's first lines and the traceback. */
function failureReport(e: NotebookRunError): string {
  let report = `nnlab run: ${e.message}\n`;
  if (e.cellIndex >= 0) {
    const cell = e.notebook.cells[e.cellIndex];
    const lines = (Array.isArray(cell.source) ? cell.source.join("") : cell.source).split("\n");
    report += `--- cell ${e.cellIndex + 1} (id ${cell.id}) ---\n${lines.slice(0, 12).join("\n")}${lines.length > 12 ? "\n..." : ""}\n`;
  }
  if (e.traceback.length) report += `--- traceback ---\n${e.traceback.join("\n")}\n`;
  return report;
}
