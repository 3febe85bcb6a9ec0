/**
 * The requests nnlab answers, keyed by `msg_type`, each with its content as it is after
 * {@link parseRequest} (checked, defaults filled in). This map is where a new kernel message
 * starts: add its line here, and the compiler lists what else it needs (its parser in
 * parseRequest.ts, its thread in kernel/server/requestRoutes.ts, and the handler on that thread).
 */
import type {
  CommInfoRequest,
  CommOpenContent,
  CompleteRequest,
  EmptyContent,
  ExecuteRequest,
  HistoryRequest,
  InspectRequest,
  IsCompleteRequest,
  ShutdownContent,
} from "./messages";

/**
 * Request content by `msg_type`. They arrive on the shell channel; those the protocol thread
 * answers (kernel/server/requestRoutes.ts) are answered on the control channel too.
 */
export interface RequestContent {
  execute_request: ExecuteRequest;
  complete_request: CompleteRequest;
  inspect_request: InspectRequest;
  is_complete_request: IsCompleteRequest;
  kernel_info_request: EmptyContent;
  comm_info_request: CommInfoRequest;
  history_request: HistoryRequest;
  comm_open: CommOpenContent;
  shutdown_request: Pick<ShutdownContent, "restart">;
  interrupt_request: EmptyContent;
}

/** The `msg_type` of every request nnlab answers. */
export type ShellRequestType = keyof RequestContent;

/**
 * The request of type `T` (all of them by default): a union keyed by `msg_type`, so a switch or
 * a handler table on `msg_type` gets the content's type.
 *
 * @example
 * const r: ShellRequest<"is_complete_request"> = { msg_type: "is_complete_request", content: { code: "1 +" } };
 */
export type ShellRequest<T extends ShellRequestType = ShellRequestType> = {
  [K in T]: { msg_type: K; content: RequestContent[K] };
}[T];
