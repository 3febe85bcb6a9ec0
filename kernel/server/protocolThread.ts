/**
 * The protocol thread: owns every ZeroMQ socket and never blocks. Cells run on the main
 * thread; when one blocks it in a sync loop this thread still answers heartbeat, kernel_info
 * and interrupt_request, and can stop the loop. Every request is parsed here as it arrives
 * (a malformed one gets an error reply) and routed by requestRoutes.ts: those that need the
 * TypeScript engine go through the {@link ShellQueue} to the main thread, the rest (kernel
 * info, history, comms, interrupts, shutdown) are answered here.
 *
 * Started by {@link startKernel} as a worker thread; not a public API.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from "worker_threads";
import {
  parseRequest,
  type CommInfoReply,
  type ErrorReply,
  type InterruptReply,
  type ShellRequest,
  type ShutdownContent,
} from "../protocol";
import { History } from "./inputHistory";
import { Interrupter } from "./interrupts";
import { IopubOutput } from "./iopubOutput";
import { kernelInfoReply } from "./kernelInfo";
import { log } from "./log";
import { watchParent } from "./parentWatch";
import { answerOnProtocol, isMainRequest, type ProtocolAnswers } from "./requestRoutes";
import { ShellQueue } from "./shellQueue";
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

  /** The requests this thread answers (requestRoutes.ts routes them here), on the channel they came on. */
  const answers: ProtocolAnswers = {
    // kernel_info waits for the main thread's "ready" (see above).
    kernel_info_request: async (_content, channel, request) => {
      const typescriptVersion = await ready;
      await sockets.reply(channel, request, kernelInfoReply(data.implementationVersion, typescriptVersion, banner));
    },
    comm_info_request: (_content, channel, request) => {
      const reply: CommInfoReply = { status: "ok", comms: {} };
      return sockets.reply(channel, request, reply);
    },
    history_request: (content, channel, request) => sockets.reply(channel, request, history.reply(content)),
    interrupt_request: (_content, channel, request) => {
      interrupter.interrupt();
      const reply: InterruptReply = { status: "ok" };
      return sockets.reply(channel, request, reply);
    },
    comm_open: (content, _channel, request) => {
      // No comm targets: tell the frontend the comm is closed, as ipykernel does.
      output.publish("comm_close", { comm_id: content.comm_id, data: {} }, request.header);
    },
    shutdown_request: async (content, channel, request) => {
      const reply: ShutdownContent = { status: "ok", restart: content.restart };
      await sockets.reply(channel, request, reply);
      output.status("idle", request.header);
      await sockets.close();
      toMain({ kind: "shutdown" });
      return "closed" as const;
    },
  };

  // Once, as soon as iopub is bound (as ipykernel does): published when the main thread became
  // ready, it reached clients already connected and running cells as a stray first message.
  output.status("starting", {});

  sockets.listen(async (channel, wire) => {
    let request: ShellRequest | undefined;
    try {
      request = parseRequest(wire.header.msg_type, wire.content);
    } catch (e) {
      return answerMalformed(channel, wire, e as TypeError);
    }
    // The main thread's requests are answered on shell only: control is for what answers while a cell runs.
    if (request && isMainRequest(request) && channel === "shell") return shellQueue.push(wire, request);
    output.status("busy", wire.header);
    if (request && !isMainRequest(request)) {
      if ((await answerOnProtocol(answers, request, channel, wire)) === "closed") return;
    } else log(`ignoring ${wire.header.msg_type} on ${channel}`);
    output.status("idle", wire.header);
  });

  /** A request whose content is malformed: an error reply that says what was wrong (none for a message without replies). */
  async function answerMalformed(channel: RequestChannel, wire: Request, error: TypeError): Promise<void> {
    log(`malformed ${wire.header.msg_type} on ${channel}: ${error.message}`);
    output.status("busy", wire.header);
    if (wire.header.msg_type.endsWith("_request")) {
      const reply: ErrorReply = {
        status: "error",
        ename: error.name,
        evalue: error.message,
        traceback: [`${error.name}: ${error.message}`],
      };
      await sockets.reply(channel, wire, reply);
    }
    output.status("idle", wire.header);
  }

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
