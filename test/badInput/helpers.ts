/**
 * What the bad-input suites share: the real `nnlab` command (dist/, built by `npm run build`)
 * run as a process, and a record of a folder (contents, modes, symlinks) to prove nothing was
 * lost or changed.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "../..");
export const CLI = path.join(ROOT, "dist/kernel/cli.js");
export const PY_NOTEBOOKS = path.join(ROOT, "test/fixtures/notebooks/python");
export const EXPORT_NOTEBOOKS = path.join(ROOT, "test/fixtures/export");

/** What a finished command gave. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link nnlab}. */
export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as an unprivileged user (when the tests run as root, who may write anywhere). */
  unprivileged?: boolean;
  timeoutMs?: number;
}

/** The uid/gid of "nobody", used to make folders unwritable even for a root test run. */
export const NOBODY = 65534;
export const isRoot = process.getuid?.() === 0;

/** Runs `node dist/kernel/cli.js ...args` to its end. */
export function nnlab(args: readonly string[], options: CliOptions = {}): CliResult {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build before these tests`);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? os.tmpdir(),
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: options.timeoutMs ?? 120_000,
    ...(options.unprivileged && isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The error lines a command printed: its stderr without the progress lines the runner and the
 * exporter print while they work ("[1/2] running", "  cell 1/3 ok", "x.ipynb: kernel ...").
 */
export function errorLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.trim() !== "" && /^nnlab\b/.test(l));
}

/** Asserts the one-line-per-error rule: exactly one error line, no stack frame. */
export function expectOneLine(r: CliResult): string {
  const lines = errorLines(r.stderr);
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return lines[0];
}

/** A fresh temporary folder (removed by {@link cleanTemp}). */
const temps: string[] = [];
export function tempDir(prefix = "nnlab-bad-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes every folder {@link tempDir} made (making read-only ones writable first). */
export function cleanTemp(): void {
  for (const dir of temps.splice(0)) {
    spawnSync("chmod", ["-R", "u+w", dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One entry of a folder record: a file's bytes and mode, a link's target, or a folder's mode. */
export type Entry = { kind: "file"; mode: number; content: string } | { kind: "link"; target: string } | { kind: "dir"; mode: number };

/** Everything under `dir` (not following links), by relative path. */
export function record(dir: string): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  const walk = (rel: string): void => {
    for (const name of fs.readdirSync(path.join(dir, rel)).sort()) {
      const r = rel === "" ? name : `${rel}/${name}`;
      const full = path.join(dir, r);
      const st = fs.lstatSync(full);
      if (st.isSymbolicLink()) out[r] = { kind: "link", target: fs.readlinkSync(full) };
      else if (st.isDirectory()) {
        out[r] = { kind: "dir", mode: st.mode & 0o7777 };
        walk(r);
      } else out[r] = { kind: "file", mode: st.mode & 0o7777, content: fs.readFileSync(full).toString("base64") };
    }
  };
  walk("");
  return out;
}

/** A copy of a fixture notebook in `dir`; returns its path. */
export function copyNotebook(from: string, dir: string, name = path.basename(from)): string {
  const to = path.join(dir, name);
  fs.copyFileSync(from, to);
  return to;
}
