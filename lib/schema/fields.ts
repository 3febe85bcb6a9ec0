import { parsePrototxt, prototxtLine, type PrototxtMessage, type PrototxtValue } from "./prototxt";
import { describeField } from "./schemaFields";

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
  /** `line 7: field "num_output"`: the field as messages name it, after its line when the text gave one. */
  private name(field: string, index = 0): string {
    const line = prototxtLine(this.msg, field, index);
    return `${line === undefined ? "" : `line ${line}: `}field "${field}"`;
  }
  private one(field: string): PrototxtValue | undefined {
    const v = Object.prototype.hasOwnProperty.call(this.msg, field) ? this.msg[field] : undefined;
    if (v === undefined) return undefined;
    if (v.length > 1) throw new TypeError(`${this.where}: ${this.name(field, 1)} is given ${v.length} times, expected once`);
    return v[0];
  }
  number(field: string, fallback?: number): number {
    const v = this.one(field);
    if (v === undefined) {
      if (fallback === undefined) throw new TypeError(`${this.where}: field "${field}" is required`);
      return fallback;
    }
    if (typeof v !== "number") throw new TypeError(`${this.where}: ${this.name(field)} must be a number, got ${describeField(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`${this.where}: ${this.name(field)} must be a finite number, got ${describeField(v)}`);
    return v;
  }
  int(field: string, fallback?: number, min = 0): number {
    const v = this.number(field, fallback);
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${this.where}: ${this.name(field)} must be an integer >= ${min}, got ${v}`);
    return v;
  }
  string(field: string, fallback?: string): string {
    const v = this.one(field);
    if (v === undefined) {
      if (fallback === undefined) throw new TypeError(`${this.where}: field "${field}" is required`);
      return fallback;
    }
    if (typeof v !== "string")
      throw new TypeError(`${this.where}: ${this.name(field)} must be a string or a name, got ${describeField(v)}`);
    return v;
  }
  strings(field: string): string[] {
    return this.all(field).map((v, i) => {
      if (typeof v !== "string") throw new TypeError(`${this.where}: ${this.name(field, i)} must hold strings, got ${describeField(v)}`);
      return v;
    });
  }
  numbers(field: string): number[] {
    return this.all(field).map((v, i) => {
      if (typeof v !== "number") throw new TypeError(`${this.where}: ${this.name(field, i)} must hold numbers, got ${describeField(v)}`);
      return v;
    });
  }
  private all(field: string): readonly PrototxtValue[] {
    return Object.prototype.hasOwnProperty.call(this.msg, field) ? this.msg[field] : [];
  }
  message(field: string): Fields | undefined {
    const v = this.one(field);
    if (v === undefined) return undefined;
    if (typeof v !== "object") throw new TypeError(`${this.where}: ${this.name(field)} must be a { ... } block, got ${describeField(v)}`);
    return new Fields(`${this.where} ${field}`, v);
  }
  messages(field: string): PrototxtMessage[] {
    return this.all(field).map((v, i) => {
      if (typeof v !== "object")
        throw new TypeError(`${this.where}: ${this.name(field, i)} must be { ... } blocks, got ${describeField(v)}`);
      return v;
    });
  }
}
