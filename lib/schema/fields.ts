import { parsePrototxt, type PrototxtMessage, type PrototxtValue } from "./prototxt";

/** Parses text, or passes an already parsed message through. @internal */
export function toMessage(where: string, spec: string | PrototxtMessage): PrototxtMessage {
  if (typeof spec === "string") return parsePrototxt(spec);
  if (typeof spec === "object" && spec !== null && !Array.isArray(spec)) return spec;
  throw new TypeError(`${where}: spec must be prototxt text or a parsed message, got ${spec === null ? "null" : typeof spec}`);
}

/** Typed field readers that name the message and field in their errors. @internal */
export class Fields {
  constructor(
    readonly where: string,
    readonly msg: PrototxtMessage,
  ) {}
  private one(field: string): PrototxtValue | undefined {
    const v = this.msg[field];
    if (v === undefined) return undefined;
    if (v.length > 1) throw new TypeError(`${this.where}: field "${field}" is given ${v.length} times, expected once`);
    return v[0];
  }
  number(field: string, fallback?: number): number {
    const v = this.one(field);
    if (v === undefined) {
      if (fallback === undefined) throw new TypeError(`${this.where}: field "${field}" is required`);
      return fallback;
    }
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new TypeError(`${this.where}: field "${field}" must be a finite number, got ${JSON.stringify(v)}`);
    return v;
  }
  int(field: string, fallback?: number, min = 0): number {
    const v = this.number(field, fallback);
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${this.where}: field "${field}" must be an integer >= ${min}, got ${v}`);
    return v;
  }
  string(field: string, fallback?: string): string {
    const v = this.one(field);
    if (v === undefined) {
      if (fallback === undefined) throw new TypeError(`${this.where}: field "${field}" is required`);
      return fallback;
    }
    if (typeof v !== "string") throw new TypeError(`${this.where}: field "${field}" must be a string or a name, got ${JSON.stringify(v)}`);
    return v;
  }
  strings(field: string): string[] {
    return (this.msg[field] ?? []).map((v) => {
      if (typeof v !== "string") throw new TypeError(`${this.where}: field "${field}" must hold strings, got ${JSON.stringify(v)}`);
      return v;
    });
  }
  numbers(field: string): number[] {
    return (this.msg[field] ?? []).map((v) => {
      if (typeof v !== "number") throw new TypeError(`${this.where}: field "${field}" must hold numbers, got ${JSON.stringify(v)}`);
      return v;
    });
  }
  message(field: string): Fields | undefined {
    const v = this.one(field);
    if (v === undefined) return undefined;
    if (typeof v !== "object") throw new TypeError(`${this.where}: field "${field}" must be a { ... } block, got ${JSON.stringify(v)}`);
    return new Fields(`${this.where} ${field}`, v);
  }
  messages(field: string): PrototxtMessage[] {
    return (this.msg[field] ?? []).map((v) => {
      if (typeof v !== "object") throw new TypeError(`${this.where}: field "${field}" must be { ... } blocks, got ${JSON.stringify(v)}`);
      return v;
    });
  }
}
