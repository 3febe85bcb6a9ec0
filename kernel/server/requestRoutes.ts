/**
 * Where each request is answered: the one routing table of the kernel. The protocol thread owns
 * the sockets and never blocks, so it answers what needs no TypeScript engine (and must answer
 * while a cell blocks: interrupts, kernel info, shutdown). The main thread runs the engine and
 * answers the rest, one at a time in arrival order (shellQueue.ts), on the shell channel only.
 *
 * Each thread declares its handlers with the interface below, so a request type added to
 * RequestContent (kernel/protocol/requests.ts) is a compile error here until it has a route,
 * and then on its thread until it has a handler.
 */
import type { RequestContent, ShellRequest, ShellRequestType } from "../protocol";
import type { Request, RequestChannel } from "./sockets";

/** The kernel process's two threads: the protocol thread (protocolThread.ts) and the main thread (kernelMain.ts). */
export type Thread = "protocol" | "main";

/** The thread that answers each request type. */
export const REQUEST_ROUTES = {
  execute_request: "main",
  complete_request: "main",
  inspect_request: "main",
  is_complete_request: "main",
  kernel_info_request: "protocol",
  comm_info_request: "protocol",
  history_request: "protocol",
  comm_open: "protocol",
  shutdown_request: "protocol",
  interrupt_request: "protocol",
} as const satisfies Record<ShellRequestType, Thread>;

type RoutedTo<Th extends Thread> = { [T in ShellRequestType]: (typeof REQUEST_ROUTES)[T] extends Th ? T : never }[ShellRequestType];

/** The request types the main thread answers (they need the engine). */
export type MainRequestType = RoutedTo<"main">;
/** The request types the protocol thread answers. */
export type ProtocolRequestType = RoutedTo<"protocol">;
/** A request on its way to the main thread (it crosses the threads as is, see threadMessages.ts). */
export type MainRequest = ShellRequest<MainRequestType>;
/** A request the protocol thread answers. */
export type ProtocolRequest = ShellRequest<ProtocolRequestType>;

/**
 * The main thread's handlers, one per {@link MainRequestType}. A handler answers request `id`
 * (a reply message to the protocol thread); a failure it throws becomes an error reply.
 */
export type MainHandlers = {
  readonly [T in MainRequestType]: (content: RequestContent[T], id: number) => Promise<void> | void;
};

/**
 * The protocol thread's answers, one per {@link ProtocolRequestType}. An answer replies on
 * `channel` to `request` (the message as received: header and routing identities); "closed"
 * means the sockets are closed (shutdown), so no status follows.
 */
export type ProtocolAnswers = {
  readonly [T in ProtocolRequestType]: (
    content: RequestContent[T],
    channel: RequestChannel,
    request: Request,
  ) => Promise<void | "closed"> | void;
};

/** True for a request the main thread answers. */
export function isMainRequest(request: ShellRequest): request is MainRequest {
  return REQUEST_ROUTES[request.msg_type] === "main";
}

/** Hands `request` to its handler in `handlers` (a throw becomes a rejection). */
export async function handleOnMain<T extends MainRequestType>(handlers: MainHandlers, request: ShellRequest<T>, id: number): Promise<void> {
  await handlers[request.msg_type](request.content, id);
}

/** Hands `request` to its answer in `answers`. */
export function answerOnProtocol<T extends ProtocolRequestType>(
  answers: ProtocolAnswers,
  request: ShellRequest<T>,
  channel: RequestChannel,
  wire: Request,
): Promise<void | "closed"> | void {
  return answers[request.msg_type](request.content, channel, wire);
}
