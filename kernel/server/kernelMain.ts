/**
 * The kernel's main thread once the protocol thread runs (kernel.ts starts both): starts the
 * TypeScript engine, loads nnlab's library and TF.js on first use or when idle (see
 * engine/library.ts), and answers the requests that need the engine. Output (streams, displays, values, errors) goes to the protocol thread
 * as messages under the id of the request it belongs to.
 */
import * as fs from "fs";
import type { Worker } from "worker_threads";
import type { BackendInfo } from "../../lib";
import { plainMimeBundle } from "../../lib/display/plainBundle";
import { setDisplayHost } from "../../lib/host";
import { Engine } from "../engine/engine";
import { KernelLibrary } from "../engine/library";
import { typescriptVersion } from "../engine/tslabCompiler";
import { snapshotUse } from "../snapshot/snapshotUse";
import { warmLibraryTypes } from "../snapshot/warmTypes";
import type { IopubType } from "../protocol";
import { CellExecutor } from "./cellExecutor";
import { kernelDisplayHost } from "./displayHost";
import { completeReply, inspectReply, isCompleteReply } from "./engineRequests";
import type { HeldCalls } from "./heldCalls";
import { IdleTask } from "./idleTask";
import type { LateErrorSink } from "./lateErrors";
import { log } from "./log";
import { captureOutput } from "./outputCapture";
import type { ToMain, ToProtocol } from "./threadMessages";

/**
 * How long the kernel must have been idle before it loads the library by itself (see
 * library.ts), and again before it parses the library's types ahead (warmTypes.ts);
 * NNLAB_IDLE_LOAD_MS sets it, "off" never (then only a cell's import loads them).
 */
function idleLoadMs(): number | undefined {
  const set = process.env.NNLAB_IDLE_LOAD_MS?.trim();
  if (set === "off") return undefined;
  const ms = set ? Number(set) : 200;
  if (!(ms >= 0)) throw new RangeError(`NNLAB_IDLE_LOAD_MS must be a number of milliseconds or "off", got "${set}"`);
  return ms;
}

/** What the kernel's start (kernel.ts) hands over once the protocol thread is running. */
export interface KernelStart {
  readonly worker: Worker;
  /** The protocol thread's messages, kept from its start. */
  readonly messages: HeldCalls<[ToMain]>;
  /** The interrupt flags shared with the protocol thread. */
  readonly flags: Int32Array;
  /** nnlab's version, for the banner. */
  readonly version: string;
  /** Errors nothing caught, kept from the start. */
  readonly lateErrors: HeldCalls<Parameters<LateErrorSink>>;
}

/**
 * Starts the engine, then serves the protocol thread's requests until shutdown.
 *
 * @example
 * runKernelMain({ worker, messages, flags, version, lateErrors });
 */
export function runKernelMain({ worker, messages, flags, version, lateErrors }: KernelStart): void {
  const toProtocol = (m: ToProtocol) => worker.postMessage(m);

  // Times since the process started, for the log: where a slow start went.
  const ms = (t: number) => `${Math.round(t)} ms`;
  const loaded = performance.now();
  const library = new KernelLibrary();
  const engine = new Engine(flags, library);
  log(`ready ${ms(performance.now())} after the process started: modules loaded at ${ms(loaded)} (${snapshotUse()})`);

  const iopub = (id: number, msgType: IopubType, content: object) => toProtocol({ kind: "iopub", id, msgType, content });
  const executor = new CellExecutor(engine, flags, { iopub, reply: (id, content) => toProtocol({ kind: "reply", id, content }) }, (value) =>
    (library.loaded?.mimeBundle ?? plainMimeBundle)(value),
  );
  lateErrors.handleWith((e, origin) => executor.lateError(e, origin));
  setDisplayHost(kernelDisplayHost((msgType, content) => iopub(executor.outputId, msgType, content)));
  // What TF.js and the backend print as they load (notices, the backend line) goes to the
  // kernel's log, as it did when they loaded at start: it is no cell's output.
  captureOutput((name, text) =>
    library.inLoad ? fs.writeSync(2, text) : toProtocol({ kind: "stream", id: executor.outputId, name, text }),
  );
  const banner = (backend?: BackendInfo) =>
    `nnlab ${version}: TypeScript ${typescriptVersion} for deep learning (TensorFlow.js backend ` +
    (backend ? `"${backend.name}": ${backend.reason})` : "chosen when a cell first loads a module)");
  library.onLoad(({ backend }) => {
    log(`library and backend loaded at ${ms(performance.now())}`);
    toProtocol({ kind: "banner", banner: banner(backend) });
  });
  // Idle work, a step per idle stretch: load the library, then parse its types ahead (no cell
  // has imported anything yet: the first import would then compile in a fraction of the time).
  let typesWarmed = false;
  const idleWorkLeft = () => !library.loaded || !typesWarmed;
  const idleWork = new IdleTask(idleLoadMs(), () => {
    if (!library.loaded) {
      library.load().then(
        () => idleWork.schedule(),
        (e: unknown) => log(`loading the library failed: ${(e as Error).stack ?? String(e)}`),
      );
      return;
    }
    typesWarmed = true;
    if (engine.hasCompiledImports) return;
    const started = performance.now();
    try {
      const added = warmLibraryTypes(process.cwd());
      if (added !== undefined) log(`parsed ${added} declaration files of nnlab and TF.js ahead in ${ms(performance.now() - started)}`);
    } catch (e) {
      log(`parsing nnlab's types ahead failed: ${(e as Error).stack ?? String(e)}`);
    }
  });
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

  messages.handleWith((m: ToMain) => {
    switch (m.kind) {
      case "request":
        idleWork.cancel();
        handle(m.id, m.msgType, m.content)
          .catch((e: unknown) => {
            log(`${m.msgType} failed: ${(e as Error).stack ?? String(e)}`);
            const err = e instanceof Error ? e : new Error(String(e));
            executor.abandon();
            toProtocol({
              kind: "reply",
              id: m.id,
              content: { status: "error", ename: err.name, evalue: err.message, traceback: [String(err.stack)] },
            });
          })
          .finally(() => {
            if (idleWorkLeft()) idleWork.schedule();
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

  toProtocol({ kind: "ready", typescriptVersion, banner: banner() });
  idleWork.schedule();
}
