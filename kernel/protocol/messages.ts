/**
 * Types of the Jupyter messaging protocol 5.3 messages nnlab sends and receives.
 * Field names are the protocol's own (snake_case), so a content object is what goes on the wire.
 * See https://jupyter-client.readthedocs.io/en/stable/messaging.html
 */

/** A message header. */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  /** ISO 8601 timestamp. */
  date: string;
  msg_type: string;
  version: string;
  [key: string]: unknown;
}

/** A decoded message; `content` is typed by the caller after looking at `header.msg_type`. */
export interface JupyterMessage<C = Record<string, unknown>> {
  header: MessageHeader;
  /** Empty object when there is no parent. */
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

/** A message ready to encode (buffers optional). */
export interface OutgoingMessage<C = Record<string, unknown>> {
  header: MessageHeader;
  parent_header: Partial<MessageHeader>;
  metadata: Record<string, unknown>;
  content: C;
  buffers?: Buffer[];
}

/** A MIME bundle: MIME type -> data (string, or JSON for JSON types). */
export type MimeBundle = Record<string, unknown>;

/** `execute_request` content (shell). */
export interface ExecuteRequest {
  code: string;
  silent: boolean;
  store_history: boolean;
  user_expressions: Record<string, string>;
  allow_stdin: boolean;
  stop_on_error: boolean;
}

/** The traceback part of an error reply or `error` message. */
export interface ErrorContent {
  ename: string;
  evalue: string;
  /** Lines, possibly with ANSI colour codes. */
  traceback: string[];
}

/** `execute_reply` content (shell). */
export type ExecuteReply =
  | { status: "ok"; execution_count: number; user_expressions?: Record<string, unknown>; payload?: unknown[] }
  | ({ status: "error"; execution_count: number } & ErrorContent)
  | { status: "aborted"; execution_count?: number | null };

/** `kernel_info_reply` content (shell or control). */
export interface KernelInfoReply {
  status: "ok" | "error";
  protocol_version: string;
  implementation: string;
  implementation_version: string;
  language_info: {
    name: string;
    version: string;
    mimetype?: string;
    file_extension?: string;
    pygments_lexer?: string;
    codemirror_mode?: string | Record<string, unknown>;
    nbconvert_exporter?: string;
  };
  banner: string;
  debugger?: boolean;
  help_links?: { text: string; url: string }[];
}

/** `is_complete_request` / `is_complete_reply` content. */
export interface IsCompleteRequest {
  code: string;
}
/** `is_complete_reply` content. */
export interface IsCompleteReply {
  status: "complete" | "incomplete" | "invalid" | "unknown";
  indent?: string;
}

/** `complete_request` content. */
export interface CompleteRequest {
  code: string;
  cursor_pos: number;
}
/** `complete_reply` content. */
export interface CompleteReply {
  status: "ok" | "error";
  matches: string[];
  cursor_start: number;
  cursor_end: number;
  metadata: Record<string, unknown>;
}

/** `inspect_request` content. */
export interface InspectRequest {
  code: string;
  cursor_pos: number;
  detail_level: 0 | 1;
}
/** `inspect_reply` content. */
export interface InspectReply {
  status: "ok" | "error";
  found: boolean;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/** `shutdown_request` / `shutdown_reply` content (control). */
export interface ShutdownContent {
  restart: boolean;
  status?: "ok" | "error";
}

/** `interrupt_reply` content (control); the request has empty content. */
export interface InterruptReply {
  status: "ok" | "error";
}

/** `comm_info_request` content: only comms of this target when given. */
export interface CommInfoRequest {
  target_name?: string;
}

/** `comm_open` content (a frontend opening a comm; nnlab has no comm targets). */
export interface CommOpenContent {
  comm_id: string;
  target_name: string;
  data: Record<string, unknown>;
}

/** `history_request` content; which fields count depends on `hist_access_type`. */
export interface HistoryRequest {
  output: boolean;
  raw: boolean;
  /** "range", "tail" or "search"; any other answers an empty history. */
  hist_access_type: string;
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

/** The content of a request that carries none (kernel_info_request, interrupt_request). */
export type EmptyContent = Record<string, never>;

/** A request's error reply: what was wrong with it, in the protocol's error fields. */
export type ErrorReply = { status: "error" } & ErrorContent;

/** `comm_info_reply` content. */
export interface CommInfoReply {
  status: "ok";
  comms: Record<string, { target_name: string }>;
}

/** `history_reply` content. */
export interface HistoryReply {
  status: "ok";
  history: [number, number, string | [string, string | null]][];
}

/** `status` content (iopub). */
export interface StatusContent {
  execution_state: "busy" | "idle" | "starting";
}

/** `stream` content (iopub). */
export interface StreamContent {
  name: "stdout" | "stderr";
  text: string;
}

/** `display_data` / `update_display_data` content (iopub). */
export interface DisplayDataContent {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient?: { display_id?: string };
}

/** `execute_input` content (iopub). */
export interface ExecuteInputContent {
  code: string;
  execution_count: number;
}

/** `execute_result` content (iopub). */
export interface ExecuteResultContent extends DisplayDataContent {
  execution_count: number;
}

/** `clear_output` content (iopub). */
export interface ClearOutputContent {
  wait: boolean;
}

/** `input_request` content (stdin). */
export interface InputRequest {
  prompt: string;
  password: boolean;
}

/** The message types of the iopub channel. */
export type IopubType =
  | "status"
  | "stream"
  | "display_data"
  | "update_display_data"
  | "execute_input"
  | "execute_result"
  | "error"
  | "clear_output"
  | "comm_open"
  | "comm_msg"
  | "comm_close";
