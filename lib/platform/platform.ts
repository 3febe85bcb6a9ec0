/**
 * What lib/ needs from the machine it runs on, in one interface: files, compression, ids,
 * clocks, console output, environment variables, PNG encoding, packaged assets, worker
 * threads and the native backend. lib/platform/node.ts implements it with Node's modules;
 * lib/platform/browser.ts with web APIs, throwing {@link notAvailable}'s message for what a
 * page cannot do (yet).
 */

/** What {@link Platform.statFile} reports about a path. */
export interface FileStat {
  /** Size in bytes. */
  readonly size: number;
  /** Last modification, in ms since the epoch. */
  readonly mtimeMs: number;
  /** True for a regular file (not a folder, socket, ...). */
  readonly isFile: boolean;
}

/** The options of {@link Platform.inspect}, a subset of Node's util.inspect options. */
export interface InspectOptions {
  /** How deep nested objects are shown (default 2). */
  readonly depth?: number;
  /** How many array items are shown before "... n more items" (default 100). */
  readonly maxArrayLength?: number;
  /** Line width above which an object is broken over lines (default 80). */
  readonly breakLength?: number;
}

/** A worker thread started by {@link Platform.startWorker}, seen from the thread that started it. */
export interface PlatformWorker {
  /** Sends a message (structured clone; SharedArrayBuffers are shared). */
  postMessage(message: unknown): void;
  /** Called when the worker throws outside a message handler. */
  onError(listener: (error: Error) => void): void;
  /** Called when the worker ended, with its exit code. */
  onExit(listener: (code: number) => void): void;
  /** Ends the worker. */
  terminate(): void;
  /**
   * True once the worker's thread is known to have stopped (an exit, a throw, running out of
   * memory, terminate). Unlike onExit it is current while this thread blocks in Atomics.wait,
   * when no event can arrive.
   */
  stopped(): boolean;
}

/** The worker threads lib/ knows how to start, by the name of their module in lib/. */
export type WorkerModule = "parallel/gradientWorker";

/** Inside a worker started by {@link Platform.startWorker}: what it was given, and its messages. */
export interface WorkerContext {
  /** The `data` passed to startWorker. */
  readonly data: unknown;
  /**
   * Registers the handler of messages from the thread that started this one. An async handler
   * must catch its own errors: nothing awaits it.
   */
  onMessage(listener: (message: unknown) => void | Promise<void>): void;
}

/** Everything in lib/ that depends on the machine goes through one object of this type. */
export interface Platform {
  /** Which side this is. */
  readonly name: "node" | "browser";
  /** Node's version ("v20.20.2"), or "" outside Node. */
  readonly nodeVersion: string;

  /** An environment variable (NNLAB_QUICK, NNLAB_BACKEND, ...), or undefined when unset. */
  env(name: string): string | undefined;
  /** Sets an environment variable for this process (in a page: for this page or worker). */
  setEnv(name: string, value: string): void;

  /** Writes text to standard output as is (no newline added). */
  writeStdout(text: string): void;
  /** Writes text to standard error as is (no newline added). */
  writeStderr(text: string): void;

  /** A monotonic clock in milliseconds, sub-millisecond where the platform has it. */
  now(): number;
  /** Resolves after pending I/O and messages had a chance to run (an interrupt request, say). */
  yieldToEventLoop(): Promise<void>;

  /** A random RFC 4122 version 4 UUID. */
  randomUUID(): string;
  /** A readable one-line-or-more rendering of any value, like Node's util.inspect. */
  inspect(value: unknown, options?: InspectOptions): string;

  /** Decompresses gzip bytes synchronously (the browser cannot: use {@link Platform.gunzip}). */
  gunzipSync(bytes: Uint8Array): Uint8Array;
  /** Decompresses gzip bytes. */
  gunzip(bytes: Uint8Array): Promise<Uint8Array>;

  /** Encodes 8-bit grey (colorType 0) or RGB (colorType 2) pixels as PNG bytes, base64. */
  encodePngBase64(pixels: Uint8Array, width: number, height: number, colorType: 0 | 2): string;

  /** An absolute version of a path. */
  resolvePath(file: string): string;
  /** Joins path segments with the platform's separator. */
  joinPath(...parts: string[]): string;
  /** The folder part of a path. */
  dirname(file: string): string;
  /** True when something exists at the path. */
  exists(file: string): boolean;
  /** Size, modification time and kind of a path; throws (with a `code` such as ENOENT) when it cannot. */
  statFile(file: string): FileStat;
  /** A file's bytes. */
  readFile(file: string): Uint8Array;
  /** A file's text, as UTF-8. */
  readTextFile(file: string): string;
  /**
   * Writes bytes so that a crash or an error leaves the old file or none, never half a file:
   * a temporary file beside it, flushed, then renamed over it. A symlink is written through
   * (its target changes, the link stays); an existing file keeps its mode; a read-only file is
   * refused (an error with code EACCES) and left as it was.
   */
  writeFileAtomic(file: string, bytes: Uint8Array): void;

  /** The folder of an installed npm package (the one holding its package.json). */
  packageDir(packageName: string): string;
  /** The folder (or URL prefix) holding @tensorflow/tfjs-backend-wasm's .wasm files, ending in a separator. */
  wasmPaths(): string;
  /** Loads @tensorflow/tfjs-node, which registers the "tensorflow" backend; throws when it cannot load. */
  loadNativeBackend(): void;

  /**
   * Cores this process may compute on (Node: os.availableParallelism()). Absent where worker
   * threads are not offered (the browser build), which means one thread.
   */
  cores?(): number;
  /** Starts one of lib/'s worker modules with `data`. */
  startWorker(module: WorkerModule, data: unknown): PlatformWorker;
  /** Inside a worker started by startWorker, its context; otherwise undefined. */
  workerContext(): WorkerContext | undefined;
}

/**
 * The error the browser side throws for what a page cannot do: names what was asked for and
 * what to do instead.
 *
 * @example
 * throw notAvailable("reading files (data/x.idx)", "fetch the file and pass its bytes");
 */
export function notAvailable(what: string, instead: string): Error {
  return new Error(`not available in the browser: ${what}; ${instead}`);
}

/** The error for starting `module` as a worker thread where the platform has none (the browser build). */
export function noWorkerThreads(module: string): Error {
  return notAvailable(`worker threads (${module}: ParallelNet)`, "train the plain net (without ParallelNet) on one thread in the page");
}
