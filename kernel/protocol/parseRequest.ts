/**
 * Checks a request's content once, where it arrives (the protocol thread), and gives it its
 * type: every field nnlab reads has the protocol's type, optional fields have the protocol's
 * defaults. Past this point no handler looks at raw JSON. A malformed request is a TypeError
 * that names the request, the field, what was expected and what came, and the kernel answers it
 * with an error reply.
 */
import type { ShellRequest, ShellRequestType, RequestContent } from "./requests";

type Content = Record<string, unknown>;

/** One parser per request type: a type added to RequestContent without one is a compile error. */
const PARSERS: { readonly [T in ShellRequestType]: (c: Fields) => RequestContent[T] } = {
  execute_request: (c) => ({
    code: c.string("code"),
    silent: c.boolean("silent", false),
    store_history: c.boolean("store_history", true),
    user_expressions: c.stringRecord("user_expressions"),
    allow_stdin: c.boolean("allow_stdin", true),
    stop_on_error: c.boolean("stop_on_error", true),
  }),
  complete_request: (c) => {
    const code = c.string("code");
    return { code, cursor_pos: c.cursor("cursor_pos", code) };
  },
  inspect_request: (c) => {
    const code = c.string("code");
    return { code, cursor_pos: c.cursor("cursor_pos", code), detail_level: c.number("detail_level", 0) === 1 ? 1 : 0 };
  },
  is_complete_request: (c) => ({ code: c.string("code") }),
  kernel_info_request: () => ({}),
  comm_info_request: (c) => {
    const target = c.optionalString("target_name");
    return target === undefined ? {} : { target_name: target };
  },
  history_request: (c) => ({
    output: c.boolean("output", false),
    raw: c.boolean("raw", true),
    hist_access_type: c.string("hist_access_type", ""),
    session: c.optionalNumber("session"),
    start: c.optionalNumber("start"),
    stop: c.optionalNumber("stop"),
    n: c.optionalNumber("n"),
    pattern: c.optionalString("pattern"),
    unique: c.boolean("unique", false),
  }),
  comm_open: (c) => ({ comm_id: c.string("comm_id"), target_name: c.string("target_name", ""), data: c.record("data") }),
  shutdown_request: (c) => ({ restart: c.boolean("restart", false) }),
  interrupt_request: () => ({}),
};

/**
 * The typed request for a message of type `msgType` with content `content`; undefined for a
 * type nnlab does not answer.
 *
 * @throws TypeError when a field has the wrong type or a required one is missing.
 * @example
 * parseRequest("complete_request", { code: "Math.ab" }); // { msg_type: "complete_request", content: { code: "Math.ab", cursor_pos: 7 } }
 * parseRequest("execute_request", { code: 5 }); // TypeError: execute_request: "code" must be a string, got 5
 */
export function parseRequest(msgType: string, content: unknown): ShellRequest | undefined {
  if (!Object.prototype.hasOwnProperty.call(PARSERS, msgType)) return undefined;
  const type = msgType as ShellRequestType;
  if (typeof content !== "object" || content === null || Array.isArray(content)) {
    throw new TypeError(`${type}: content must be a JSON object, got ${describe(content)}`);
  }
  return { msg_type: type, content: PARSERS[type](new Fields(type, content as Content)) } as ShellRequest;
}

/** Typed reads of a content object's fields; a missing optional field reads as its default. */
class Fields {
  constructor(
    private readonly type: ShellRequestType,
    private readonly content: Content,
  ) {}

  /** A required string, or `fallback` when absent and one is given. */
  string(name: string, fallback?: string): string {
    const v = this.content[name];
    if (typeof v === "string") return v;
    if (v === undefined && fallback !== undefined) return fallback;
    return this.fail(name, "a string", v);
  }

  optionalString(name: string): string | undefined {
    const v = this.content[name];
    return v === undefined || v === null ? undefined : typeof v === "string" ? v : this.fail(name, "a string", v);
  }

  boolean(name: string, fallback: boolean): boolean {
    const v = this.content[name];
    return v === undefined || v === null ? fallback : typeof v === "boolean" ? v : this.fail(name, "true or false", v);
  }

  number(name: string, fallback: number): number {
    return this.optionalNumber(name) ?? fallback;
  }

  optionalNumber(name: string): number | undefined {
    const v = this.content[name];
    return v === undefined || v === null ? undefined : typeof v === "number" && Number.isFinite(v) ? v : this.fail(name, "a number", v);
  }

  /** A cursor position in code points into `code` (its end when absent, as clients that omit it mean). */
  cursor(name: string, code: string): number {
    const v = this.content[name];
    if (v === undefined || v === null) return [...code].length;
    if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
    return this.fail(name, "a whole number of code points >= 0", v);
  }

  record(name: string): Content {
    const v = this.content[name];
    if (v === undefined || v === null) return {};
    if (typeof v === "object" && !Array.isArray(v)) return v as Content;
    return this.fail(name, "an object", v);
  }

  /** An object whose values are all strings ({} when absent). */
  stringRecord(name: string): Record<string, string> {
    const r = this.record(name);
    for (const [key, v] of Object.entries(r)) if (typeof v !== "string") this.fail(`${name}.${key}`, "a string", v);
    return r as Record<string, string>;
  }

  private fail(name: string, expected: string, got: unknown): never {
    throw new TypeError(`${this.type}: "${name}" must be ${expected}, got ${describe(got)}`);
  }
}

/** A received value for an error message: "missing", or its JSON, cut short. */
function describe(v: unknown): string {
  if (v === undefined) return "nothing (the field is missing)";
  const json = JSON.stringify(v);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
