/**
 * The Jupyter wire format (messaging protocol 5.3) over ZeroMQ multipart frames:
 *
 * ```text
 * [identities..., "<IDS|MSG>", hmac, header, parent_header, metadata, content, buffers...]
 * ```
 *
 * The HMAC-SHA256 signature covers the four JSON frames in order. Both the kernel server and
 * the runner (client) use this one module, so the two sides cannot drift apart.
 */
import { createHmac, randomUUID, timingSafeEqual } from "crypto";
import type { MessageHeader, JupyterMessage, OutgoingMessage } from "./messages";

/** The protocol version nnlab speaks. */
export const PROTOCOL_VERSION = "5.3";

/** The frame that separates ZeroMQ routing identities from the signed message. */
export const DELIMITER = Buffer.from("<IDS|MSG>");

/** Raised by {@link decodeMessage} for frames that are not a valid signed Jupyter message. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WireError";
  }
}

/**
 * HMAC-SHA256 hex digest of the JSON frames; an empty key means signing is off (Jupyter's
 * convention), and the signature is then the empty string.
 * @example sign("secret", [header, parent, metadata, content]) // "9f86d0..."
 */
export function sign(key: string, frames: readonly (Buffer | string)[]): string {
  if (key === "") return "";
  const hmac = createHmac("sha256", key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest("hex");
}

/**
 * A fresh header for a message this side sends.
 * @example newHeader("execute_request", session, "runner")
 */
export function newHeader(msgType: string, session: string, username = "nnlab"): MessageHeader {
  if (typeof msgType !== "string" || msgType === "") {
    throw new TypeError(`newHeader: msgType must be a non-empty string, got ${JSON.stringify(msgType)}`);
  }
  return {
    msg_id: randomUUID(),
    session,
    username,
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/**
 * Builds a complete message (header, parent header, empty metadata) ready for
 * {@link encodeMessage}.
 * @example const req = makeMessage("kernel_info_request", {}, session);
 */
export function makeMessage<C extends object>(
  msgType: string,
  content: C,
  session: string,
  parent: Partial<MessageHeader> = {},
  username = "nnlab",
): OutgoingMessage<C> {
  return { header: newHeader(msgType, session, username), parent_header: parent, metadata: {}, content };
}

/**
 * Serializes and signs a message into ZeroMQ frames.
 * @param identities routing identities to put before the delimiter (ROUTER replies, iopub topic).
 * @example await shell.send(encodeMessage(req, key));
 */
export function encodeMessage(msg: OutgoingMessage<object>, key: string, identities: readonly Buffer[] = []): Buffer[] {
  const body = [
    Buffer.from(JSON.stringify(msg.header)),
    Buffer.from(JSON.stringify(msg.parent_header ?? {})),
    Buffer.from(JSON.stringify(msg.metadata ?? {})),
    Buffer.from(JSON.stringify(msg.content ?? {})),
  ];
  return [...identities, DELIMITER, Buffer.from(sign(key, body)), ...body, ...(msg.buffers ?? [])];
}

/**
 * Parses and verifies ZeroMQ frames into a message and the routing identities before it.
 * @throws WireError when the delimiter is missing, frames are missing, the signature does not
 *   match (compared in constant time) or a JSON frame does not parse.
 * @example const { identities, msg } = decodeMessage(frames, key);
 */
export function decodeMessage(frames: readonly Buffer[], key: string): { identities: Buffer[]; msg: JupyterMessage } {
  const at = frames.findIndex((f) => f.equals(DELIMITER));
  if (at < 0) throw new WireError(`decodeMessage: no "<IDS|MSG>" delimiter among ${frames.length} frames`);
  if (frames.length < at + 6) {
    throw new WireError(`decodeMessage: expected a signature and 4 JSON frames after the delimiter, got ${frames.length - at - 1} frames`);
  }
  const signature = frames[at + 1];
  const body = frames.slice(at + 2, at + 6);
  if (key !== "") {
    const expected = Buffer.from(sign(key, body));
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new WireError("decodeMessage: invalid HMAC-SHA256 signature");
    }
  }
  const names = ["header", "parent_header", "metadata", "content"];
  const parsed = body.map((frame, i) => {
    try {
      return JSON.parse(frame.toString("utf8")) as unknown;
    } catch (e) {
      throw new WireError(`decodeMessage: ${names[i]} frame is not JSON (${(e as Error).message})`);
    }
  });
  const header = parsed[0] as MessageHeader;
  if (header === null || typeof header !== "object" || typeof header.msg_type !== "string") {
    throw new WireError(`decodeMessage: header has no msg_type: ${body[0].toString("utf8").slice(0, 200)}`);
  }
  return {
    identities: frames.slice(0, at),
    msg: {
      header,
      parent_header: parsed[1] ?? {},
      metadata: (parsed[2] ?? {}) as Record<string, unknown>,
      content: (parsed[3] ?? {}) as Record<string, unknown>,
      buffers: frames.slice(at + 6),
    },
  };
}
