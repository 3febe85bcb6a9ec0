/** A value in a prototxt message: a number, a string, an enum word (MAX, true) or a nested message. */
export type PrototxtValue = number | string | boolean | PrototxtMessage;

/**
 * A parsed prototxt message. Every field is a list, because any field may repeat (Caffe's
 * `layer`, `bottom`, `dim`): `msg.layer[0].name[0]`.
 */
export interface PrototxtMessage {
  readonly [field: string]: PrototxtValue[];
}

/** A prototxt text that does not parse; the message names the line and column. */
export class PrototxtSyntaxError extends SyntaxError {
  override readonly name = "PrototxtSyntaxError";
  constructor(
    readonly line: number,
    readonly column: number,
    detail: string,
  ) {
    super(`prototxt line ${line}, column ${column}: ${detail}`);
  }
}

/** Where each field of a parsed message was written, kept out of sight of Object.keys and JSON. */
const LINES = Symbol("prototxt field lines");

/**
 * The line where a parsed message's field was written (its `index`-th occurrence), for
 * messages that name a line; undefined for a message built in code.
 *
 * @internal
 */
export function prototxtLine(msg: PrototxtMessage, field: string, index = 0): number | undefined {
  const lines = (msg as { [LINES]?: Record<string, number[]> })[LINES];
  return lines !== undefined && Object.prototype.hasOwnProperty.call(lines, field) ? lines[field][index] : undefined;
}

/**
 * Blocks may nest this deep. protobuf's own text parser stops at 100 too; the parser recurses
 * per block, so without a limit 20,000 nested blocks would overflow the stack.
 */
export const PROTOTXT_MAX_NESTING = 100;

/** The record's own list under `key`, made if missing; own, so fields named "constructor" or "__proto__" are plain fields. */
function ownList<T>(record: Record<string, T[]>, key: string): T[] {
  if (!Object.prototype.hasOwnProperty.call(record, key))
    Object.defineProperty(record, key, { value: [], enumerable: true, writable: true, configurable: true });
  return record[key];
}

type Token = { kind: "word" | "string" | "number" | "punct"; text: string; value: string | number; line: number; column: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const advance = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (text[i] === "\n") {
        line++;
        col = 1;
      } else col++;
      i++;
    }
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "#") {
      while (i < text.length && text[i] !== "\n") advance(1);
    } else if (/\s/.test(c)) {
      advance(1);
    } else if (c === "{" || c === "}" || c === ":" || c === ";" || c === ",") {
      tokens.push({ kind: "punct", text: c, value: c, line, column: col });
      advance(1);
    } else if (c === '"' || c === "'") {
      const start = { line, column: col };
      let j = i + 1;
      let s = "";
      while (j < text.length && text[j] !== c) {
        if (text[j] === "\n") throw new PrototxtSyntaxError(start.line, start.column, "unterminated string");
        if (text[j] === "\\" && j + 1 < text.length) {
          const e = text[j + 1];
          s += e === "n" ? "\n" : e === "t" ? "\t" : e;
          j += 2;
        } else s += text[j++];
      }
      if (j >= text.length) throw new PrototxtSyntaxError(start.line, start.column, "unterminated string");
      tokens.push({ kind: "string", text: text.slice(i, j + 1), value: s, ...start });
      advance(j + 1 - i);
    } else {
      const m = /^[A-Za-z0-9_.+-]+/.exec(text.slice(i, i + 200));
      if (!m) throw new PrototxtSyntaxError(line, col, `unexpected character ${JSON.stringify(c)}`);
      const word = m[0];
      const isNumber = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(word) || /^[+-]?(inf|nan)$/i.test(word);
      tokens.push({
        kind: isNumber ? "number" : "word",
        text: word,
        value: isNumber ? Number(word.replace(/^([+-]?)inf$/i, "$1Infinity")) : word,
        line,
        column: col,
      });
      if (!isNumber && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) throw new PrototxtSyntaxError(line, col, `not a number or a name: ${word}`);
      advance(word.length);
    }
  }
  return tokens;
}

/**
 * Parses the protobuf text format Caffe uses for nets and solvers (prototxt): `field: value`
 * pairs and `field { ... }` blocks, `#` comments, strings in quotes, numbers, enum words.
 * No schema is needed: every field comes back as a list of values.
 *
 * @example
 * const msg = parsePrototxt('name: "tiny" layer { name: "fc1" type: "InnerProduct" }');
 * msg.name[0];                                  // "tiny"
 * (msg.layer[0] as PrototxtMessage).type[0];    // "InnerProduct"
 */
export function parsePrototxt(text: string): PrototxtMessage {
  if (typeof text !== "string") throw new TypeError(`parsePrototxt: text must be a string, got ${text === null ? "null" : typeof text}`);
  const tokens = tokenize(text);
  let p = 0;
  const end = tokens.length > 0 ? tokens[tokens.length - 1] : { line: 1, column: 1 };
  const parseMessage = (closing: Token | undefined, depth: number): PrototxtMessage => {
    const msg: Record<string, PrototxtValue[]> = {};
    const lines: Record<string, number[]> = {};
    Object.defineProperty(msg, LINES, { value: lines, enumerable: false });
    for (;;) {
      const t = tokens[p];
      if (t === undefined) {
        if (closing) throw new PrototxtSyntaxError(closing.line, closing.column, `block opened here is never closed with "}"`);
        return msg;
      }
      if (t.kind === "punct" && t.text === "}") {
        if (!closing) throw new PrototxtSyntaxError(t.line, t.column, `unexpected "}" with no open block`);
        p++;
        return msg;
      }
      if (t.kind === "punct" && (t.text === ";" || t.text === ",")) {
        p++;
        continue;
      }
      if (t.kind !== "word") throw new PrototxtSyntaxError(t.line, t.column, `expected a field name, got ${t.text}`);
      p++;
      let next = tokens[p];
      const hasColon = next !== undefined && next.kind === "punct" && next.text === ":";
      if (hasColon) next = tokens[++p];
      if (next === undefined) throw new PrototxtSyntaxError(end.line, end.column, `field "${t.text}" has no value`);
      let value: PrototxtValue;
      if (next.kind === "punct" && next.text === "{") {
        if (depth >= PROTOTXT_MAX_NESTING)
          throw new PrototxtSyntaxError(
            next.line,
            next.column,
            `block "${t.text}" is nested more than ${PROTOTXT_MAX_NESTING} blocks deep`,
          );
        p++;
        value = parseMessage(next, depth + 1);
      } else if (!hasColon) {
        throw new PrototxtSyntaxError(next.line, next.column, `expected ":" or "{" after field "${t.text}", got ${next.text}`);
      } else if (next.kind === "punct") {
        throw new PrototxtSyntaxError(next.line, next.column, `field "${t.text}" has no value (got ${next.text})`);
      } else {
        p++;
        value = next.kind === "word" && (next.text === "true" || next.text === "false") ? next.text === "true" : next.value;
      }
      ownList(msg, t.text).push(value);
      ownList(lines, t.text).push(t.line);
    }
  };
  return parseMessage(undefined, 0);
}
