/**
 * The kernel's start: the first things a kernel process does, in the order that makes its
 * first result come soonest. The protocol thread is started before the library, TF.js and the
 * TypeScript engine load (kernelMain.ts, a third of a second and more): it binds the sockets
 * meanwhile on the other core, so a client that connected early has its first request waiting
 * when the engine is ready, instead of retrying its connection (ZeroMQ retries every 100 ms).
 * This module imports only what that needs.
 */
import * as fs from "fs";
import * as path from "path";
import { Worker } from "worker_threads";
import { packageRoot } from "../engine/nnlabModule";
import { HeldCalls } from "./heldCalls";
import { guardLateErrors, type LateErrorSink } from "./guardLateErrors";
import { log } from "./log";
import type { ToMain, WorkerData } from "./threadMessages";

/**
 * Starts the nnlab kernel on the connection file Jupyter wrote; runs until shutdown_request.
 *
 * @example
 * await startKernel("/run/user/1000/jupyter/kernel-1234.json");
 */
export async function startKernel(connectionFile: string): Promise<void> {
  // Taken first: if the launcher dies during the slow warm-up, the protocol thread still sees it.
  const parentPid = process.ppid;
  if (!fs.existsSync(connectionFile)) throw new TypeError(`nnlab kernel: connection file not found: ${connectionFile}`);
  // Before anything loads a backend: errors during warm-up are kept for the first cell too.
  const lateErrors = new HeldCalls<Parameters<LateErrorSink>>();
  guardLateErrors(lateErrors.call);

  const version = (JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const worker = startProtocolThread({
    connectionFile,
    shared: flags.buffer,
    implementationVersion: version,
    parentPid,
  });
  // A Worker drops messages no listener takes: a shutdown_request during the warm-up would be lost.
  const messages = new HeldCalls<[ToMain]>();
  worker.on("message", messages.call);
  const { runKernelMain } = await import("./kernelMain");
  runKernelMain({ worker, messages, flags, version, lateErrors });
}

/** Starts the protocol thread; the kernel ends when it fails. */
function startProtocolThread(data: WorkerData): Worker {
  const worker = new Worker(path.join(__dirname, "protocolThread.js"), { workerData: data, stdout: false, stderr: false });
  worker.on("error", (e) => {
    log(`protocol thread error: ${e.stack ?? String(e)}`);
    process.exit(1);
  });
  worker.on("exit", (code) => {
    if (code !== 0) process.exit(code);
  });
  return worker;
}
