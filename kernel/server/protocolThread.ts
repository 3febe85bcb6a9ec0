/**
 * The protocol thread: owns every ZeroMQ socket and never blocks. Cells run on the main
 * thread; when one blocks it in a sync loop this thread still answers heartbeat, kernel_info
 * and interrupt_request, and can stop the loop. It routes requests: those that need the
 * TypeScript engine go through the {@link ShellQueue} to the main thread, the rest (kernel
 * info, history, comms, interrupts, shutdown) are answered here.
 *
 * Started by {@link startKernel} as a worker thread; not a public API.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from "worker_threads";
import type { CommInfoReply, InterruptReply, ShutdownContent } from "../protocol";
import { History } from "./inputHistory";
import { Interrupter } from "./interrupts";
import { IopubOutput } from "./iopubOutput";
import { kernelInfoReply } from "./kernelInfo";
import { log } from "./log";
import { watchParent } from "./parentWatch";
import { MAIN_REQUESTS, ShellQueue } from "./shellQueue";
import { KernelSockets, type Request, type RequestChannel } from "./sockets";
import type { ToMain, ToProtocol, WorkerData } from "./threadMessages";

async function run(data: WorkerData, port: MessagePort): Promise<void> {
  const sockets = await KernelSockets.bind(data.connectionFile);
  const toMain = (m: ToMain) => port.postMessage(m);
  const output = new IopubOutput(sockets);
  const history = new History();
  const shellQueue = new ShellQueue(sockets, output, history, toMain);
  const interrupter = new Interrupter(new Int32Array(data.shared), toMain);
  // kernel_info waits for the main thread's "ready": clients take its reply to mean the kernel
  // is ready (jupyter_client's wait_for_ready). The banner comes from the main thread, and again
  // when it changes (it names the backend once the library has loaded).
  let onReady: (typescriptVersion: string) => void = () => {};
  const ready = new Promise<string>((resolve) => (onReady = resolve));
  let banner = "";

  async function shutdown(request: Request): Promise<void> {
    const reply: ShutdownContent = { status: "ok", restart: request.content.restart === true };
    await sockets.reply("control", request, reply);
    output.status("idle", request.header);
    await sockets.close();
    toMain({ kind: "shutdown" });
  }

  /** Answers a request that does not need the engine; false for one it does not know. */
  async function answerHere(channel: RequestChannel, request: Request): Promise<boolean> {
    switch (request.header.msg_type) {
      case "kernel_info_request": {
        const typescriptVersion = await ready;
        await sockets.reply(channel, request, kernelInfoReply(data.implementationVersion, typescriptVersion, banner));
        return true;
      }
      case "comm_info_request": {
        const reply: CommInfoReply = { status: "ok", comms: {} };
        await sockets.reply(channel, request, reply);
        return true;
      }
      case "history_request":
        await sockets.reply(channel, request, history.reply(request.content));
        return true;
      case "interrupt_request": {
        interrupter.interrupt();
        const reply: InterruptReply = { status: "ok" };
        await sockets.reply(channel, request, reply);
        return true;
      }
      case "comm_open":
        // No comm targets: tell the frontend the comm is closed, as ipykernel does.
        output.publish("comm_close", { comm_id: request.content.comm_id, data: {} }, request.header);
        return true;
      default:
        return false;
    }
  }

  // Once, as soon as iopub is bound (as ipykernel does): published when the main thread became
  // ready, it reached clients already connected and running cells as a stray first message.
  output.status("starting", {});

  sockets.listen(async (channel, request) => {
    const type = request.header.msg_type;
    if (channel === "shell" && MAIN_REQUESTS.has(type)) return shellQueue.push(request);
    output.status("busy", request.header);
    if (type === "shutdown_request") return shutdown(request);
    if (!(await answerHere(channel, request))) log(`ignoring ${type} on ${channel}`);
    output.status("idle", request.header);
  });

  port.on("message", (m: ToProtocol) => {
    switch (m.kind) {
      case "ready":
        banner = m.banner;
        onReady(m.typescriptVersion);
        shellQueue.start();
        return;
      case "banner":
        banner = m.banner;
        return;
      case "stream":
        output.addStream(m.name, m.text, shellQueue.parentOf(m.id));
        return;
      case "iopub":
        output.publish(m.msgType, m.content, shellQueue.parentOf(m.id));
        return;
      case "interruptHandled":
        interrupter.acknowledged();
        return;
      case "reply":
        void shellQueue.answer(m.id, m.content).catch((e: unknown) => log(`could not send a reply: ${(e as Error).stack}`));
        return;
    }
  });

  watchParent(data.parentPid, (why) => {
    log(`${why}: the kernel ends itself`);
    // process.exit here would end only this thread; the main thread may be stuck in a cell.
    process.kill(process.pid, "SIGKILL");
  });
}

if (!isMainThread && parentPort) {
  run(workerData as WorkerData, parentPort).catch((e: unknown) => {
    log(`protocol thread failed: ${(e as Error).stack ?? String(e)}`);
    process.exit(1);
  });
}
