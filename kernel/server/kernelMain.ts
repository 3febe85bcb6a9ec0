/**
 * The kernel's main thread once the protocol thread runs (kernel.ts starts both): starts the
 * TypeScript engine, has nnlab's library and TF.js loaded on first use or when idle
 * (engine/library.ts, idleWork.ts), and answers the requests that need the engine. Output
 * (streams, displays, values, errors) goes to the protocol thread as messages under the id of
 * the request it belongs to.
 */
import * as fs from "fs";
import type { Worker } from "worker_threads";
import type { BackendInfo } from "../../lib";
import { plainMimeBundle, setDisplayHost } from "../../lib/host";
import { Engine } from "../engine/engine";
import { KernelLibrary } from "../engine/library";
import { typescriptVersion } from "../engine/tslabCompiler";
import { snapshotUse } from "../snapshot/snapshotUse";
import type { IopubType } from "../protocol";
import { CellExecutor } from "./cellExecutor";
import { kernelDisplayHost } from "./displayHost";
import { completeReply, inspectReply, isCompleteReply } from "./engineRequests";
import type { HeldCalls } from "./heldCalls";
import { IdleWork } from "./idleWork";
import type { LateErrorSink } from "./guardLateErrors";
import { log } from "./log";
import { captureOutput } from "./outputCapture";
import { handleOnMain, type MainHandlers } from "./requestRoutes";
import type { ToMain, ToProtocol } from "./threadMessages";

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
  const idleWork = new IdleWork(library, engine);
  // Signal-mode interrupts (SIGINT) while the main thread is free; a sync stretch inside the
  // cell's first tick is stopped by vm's breakOnSigint. Message mode is the kernelspec default.
  process.on("SIGINT", () => {
    toProtocol({ kind: "interruptHandled" });
    executor.interrupt(false);
  });

  const reply = (id: number, content: object) => toProtocol({ kind: "reply", id, content });
  /** The requests requestRoutes.ts routes to this thread, each answered under its request id. */
  const handlers: MainHandlers = {
    execute_request: (content, id) => executor.execute(id, content),
    complete_request: ({ code, cursor_pos }, id) => reply(id, completeReply(engine, code, cursor_pos)),
    inspect_request: ({ code, cursor_pos }, id) => reply(id, inspectReply(engine, code, cursor_pos)),
    is_complete_request: ({ code }, id) => reply(id, isCompleteReply(engine, code)),
  };

  messages.handleWith((m: ToMain) => {
    switch (m.kind) {
      case "request":
        idleWork.busy();
        handleOnMain(handlers, m.request, m.id)
          .catch((e: unknown) => {
            log(`${m.request.msg_type} failed: ${(e as Error).stack ?? String(e)}`);
            const err = e instanceof Error ? e : new Error(String(e));
            executor.abandon();
            toProtocol({
              kind: "reply",
              id: m.id,
              content: { status: "error", ename: err.name, evalue: err.message, traceback: [String(err.stack)] },
            });
          })
          .finally(() => idleWork.idle());
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
  idleWork.idle();
}
