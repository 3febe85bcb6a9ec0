/**
 * A small stand-in for Node's util.inspect, for the browser side of the platform seam: the
 * text/plain rendering of values that have no richer one. It follows util.inspect's look for
 * the common cases (strings quoted inside objects, class names, "... n more items") without
 * trying to match it byte for byte.
 */
import type { InspectOptions } from "./platform";

function key(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`;
}

function join(open: string, items: string[], close: string, indent: string, breakLength: number): string {
  if (items.length === 0) return `${open}${close}`;
  const flat = `${open} ${items.join(", ")} ${close}`;
  if (flat.length <= breakLength && !flat.includes("\n")) return flat;
  return `${open}\n${items.map((s) => `${indent}  ${s}`).join(",\n")}\n${indent}${close}`;
}

function format(
  value: unknown,
  depth: number,
  options: Required<InspectOptions>,
  seen: Set<object>,
  indent: string,
  nested: boolean,
): string {
  switch (typeof value) {
    case "string":
      return nested ? `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'` : value;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "symbol":
      return value.toString();
    case "function":
      return `[${/^class\s/.test(Function.prototype.toString.call(value)) ? "class" : "Function"}: ${value.name || "(anonymous)"}]`;
    case "undefined":
      return "undefined";
    case "boolean":
      return String(value);
  }
  if (value === null) return "null";
  const obj = value as object;
  if (seen.has(obj)) return "[Circular *]";
  if (obj instanceof Date) return obj.toISOString();
  if (obj instanceof RegExp) return obj.toString();
  if (obj instanceof Error) return obj.stack ?? `${obj.name}: ${obj.message}`;
  const ctor = (Object.getPrototypeOf(obj) as { constructor?: { name?: string } } | null)?.constructor?.name;
  const isList = Array.isArray(obj) || (ArrayBuffer.isView(obj) && !(obj instanceof DataView));
  if (depth < 0) return isList ? `[${ctor ?? "Array"}]` : `[${ctor ?? "Object"}]`;
  seen.add(obj);
  try {
    const inner = (v: unknown) => format(v, depth - 1, options, seen, indent + "  ", true);
    if (isList) {
      const list = obj as ArrayLike<unknown>;
      const shown = Array.from({ length: Math.min(list.length, options.maxArrayLength) }, (_, i) => inner(list[i]));
      if (list.length > options.maxArrayLength) shown.push(`... ${list.length - options.maxArrayLength} more items`);
      const prefix = Array.isArray(obj) ? "" : `${ctor}(${list.length}) `;
      return prefix + join("[", shown, "]", indent, options.breakLength);
    }
    if (obj instanceof Map) {
      const items = [...obj].map(([k, v]) => `${inner(k)} => ${inner(v)}`);
      return `Map(${obj.size}) ` + join("{", items, "}", indent, options.breakLength);
    }
    if (obj instanceof Set) return `Set(${obj.size}) ` + join("{", [...obj].map(inner), "}", indent, options.breakLength);
    const items = Object.keys(obj).map((k) => `${key(k)}: ${inner((obj as Record<string, unknown>)[k])}`);
    const prefix = ctor === undefined ? "[Object: null prototype] " : ctor === "Object" ? "" : `${ctor} `;
    return prefix + join("{", items, "}", indent, options.breakLength);
  } finally {
    seen.delete(obj);
  }
}

/**
 * A readable rendering of any value, like Node's util.inspect.
 *
 * @example
 * inspectValue({ a: [1, 2], b: "x" }); // "{ a: [ 1, 2 ], b: 'x' }"
 */
export function inspectValue(value: unknown, options: InspectOptions = {}): string {
  const all: Required<InspectOptions> = { depth: 2, maxArrayLength: 100, breakLength: 80, ...options };
  return format(value, all.depth, all, new Set(), "", false);
}
