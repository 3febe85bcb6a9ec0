/**
 * The main thread's stdout and stderr become the running cell's stream output: every write
 * (console.log, process.stdout.write, a library's progress text) goes to `onText` instead of
 * the kernel process's own streams, which Jupyter does not show in the notebook.
 */
import type { StreamContent } from "../protocol";

/**
 * Redirects process.stdout/stderr writes to `onText` for the rest of the process's life.
 * @example captureOutput((name, text) => toProtocol({ kind: "stream", id, name, text }));
 */
export function captureOutput(onText: (name: StreamContent["name"], text: string) => void): void {
  for (const name of ["stdout", "stderr"] as const) {
    const stream = process[name];
    stream.write = (chunk: unknown, encoding?: unknown, cb?: unknown) => {
      const text =
        typeof chunk === "string"
          ? chunk
          : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
      onText(name, text);
      const done = typeof encoding === "function" ? encoding : cb;
      if (typeof done === "function") process.nextTick(done);
      return true;
    };
  }
}
