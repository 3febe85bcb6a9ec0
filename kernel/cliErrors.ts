/**
 * How the `nnlab` command line reports a failure: one line that says what went wrong, on which
 * file or option, and what to do; the stack only with `--verbose` (a learner reads the line,
 * a maintainer asks for the stack).
 */

let verbose = false;

/** Turns stacks on (the CLI's `--verbose`). */
export function setVerbose(on: boolean): void {
  verbose = on;
}

/** Whether `--verbose` was given. */
export function isVerbose(): boolean {
  return verbose;
}

/** What an errno code means, in words a learner knows. */
const ERRNO_WORDS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of that path is a file, not a folder",
  EISDIR: "that is a folder, not a file",
  EEXIST: "something is already there",
  ENOENT: "no such file or folder",
  ENOSPC: "no space left on the device",
  EDQUOT: "over the disk quota",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "the name is too long",
  EADDRINUSE: "the address is in use",
};

/** What a system call tried to do, for the message. */
const SYSCALL_WORDS: Readonly<Record<string, string>> = {
  mkdir: "create the folder",
  open: "open",
  write: "write",
  rename: "replace",
  unlink: "remove",
  rmdir: "remove the folder",
  scandir: "list the folder",
  copyfile: "copy to",
  symlink: "create the link",
  listen: "listen on",
};

/**
 * One line for an error: a Node system error becomes "cannot <do> <path>: <reason>", anything
 * else its message (first line only).
 *
 * @example
 * describeError(Object.assign(new Error("x"), { code: "EACCES", syscall: "mkdir", path: "/opt/k" }));
 * // "cannot create the folder /opt/k: permission denied (EACCES)"
 */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const { code, syscall, path } = e as NodeJS.ErrnoException;
  if (typeof code === "string" && code in ERRNO_WORDS && typeof path === "string" && e.message.startsWith(`${code}:`)) {
    const doing = (syscall && SYSCALL_WORDS[syscall]) ?? syscall ?? "use";
    return `cannot ${doing} ${path}: ${ERRNO_WORDS[code]} (${code})`;
  }
  return e.message.split("\n")[0];
}

/**
 * Writes a failure to stderr: `<prefix>: <one line>[; <hint>]`, and the stack when verbose.
 *
 * @example
 * reportError("nnlab kernel install", e, "choose a writable location with --prefix DIR");
 */
export function reportError(prefix: string, e: unknown, hint?: string): void {
  const line = describeError(e);
  // Some messages name their command already ("nnlab kernel: connection file not found").
  process.stderr.write(`${line.startsWith("nnlab") ? line : `${prefix}: ${line}`}${hint ? `; ${hint}` : ""}\n`);
  if (verbose && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
}

/** The nearest of `names` to `word` (edit distance at most 2), for "did you mean ...?". */
export function nearest(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}
