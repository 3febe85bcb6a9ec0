/**
 * Frees the tensor a top-level name held when a cell gives that name another value, so
 * re-running `const x = tf.ones([1000, 1000])` does not pile up megabytes. It is conservative:
 * it only runs between cells (a cell's own locals are gone by then), never frees a
 * tf.Variable, and keeps a tensor that any top-level name still reaches (the new value, an
 * array or object holding it, another name bound to it). What it cannot see (a closure or a
 * `#private` field holding the tensor) is the one way it could free too much; when its
 * search runs past its budget it frees nothing.
 */
import { tf } from "../../lib";

/** The tensors bound to top-level names before a cell ran. */
export type TensorSnapshot = ReadonlyMap<string, tf.Tensor>;

/** Objects looked into (over all names) before giving up and freeing nothing. */
const VISIT_BUDGET = 200_000;
/** How deep into arrays, objects, Maps and Sets a tensor is looked for. */
const MAX_DEPTH = 6;

function isFreeable(value: unknown): value is tf.Tensor {
  return value instanceof tf.Tensor && !(value instanceof tf.Variable) && !value.isDisposed;
}

/**
 * Records which top-level names hold a tensor that could be freed later.
 *
 * @example
 * const before = snapshotTensors(engine.locals);
 */
export function snapshotTensors(bindings: Readonly<Record<string, unknown>>): TensorSnapshot {
  const held = new Map<string, tf.Tensor>();
  for (const name of Object.keys(bindings)) {
    const value = bindings[name];
    if (isFreeable(value)) held.set(name, value);
  }
  return held;
}

/** Adds to `found` every candidate reachable from `root`; false when the budget ran out. */
function markReachable(
  root: unknown,
  candidates: ReadonlySet<tf.Tensor>,
  found: Set<tf.Tensor>,
  seen: Set<object>,
  budget: { left: number },
): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== "object" || value === null) continue;
    if (value instanceof tf.Tensor) {
      if (candidates.has(value)) found.add(value);
      continue;
    }
    if (seen.has(value) || depth >= MAX_DEPTH) continue;
    seen.add(value);
    if (--budget.left < 0) return false;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Promise) continue;
    if (value instanceof Map) {
      for (const [k, v] of value) stack.push([k, depth + 1], [v, depth + 1]);
      continue;
    }
    if (value instanceof Set) {
      for (const v of value) stack.push([v, depth + 1]);
      continue;
    }
    if (Array.isArray(value)) {
      // Arrays of numbers are common and long: only objects in them matter.
      for (const v of value) if (typeof v === "object" && v !== null) stack.push([v, depth + 1]);
      continue;
    }
    // Own data properties only (string and symbol keys): never run a getter.
    let descriptors: Record<PropertyKey, PropertyDescriptor>;
    try {
      descriptors = Object.getOwnPropertyDescriptors(value);
    } catch {
      return false; // a proxy that refuses: be safe
    }
    for (const key of Reflect.ownKeys(descriptors)) {
      const d = descriptors[key as string];
      if ("value" in d && typeof d.value === "object" && d.value !== null) stack.push([d.value, depth + 1]);
    }
  }
  return true;
}

/**
 * After a cell: disposes each tensor of `before` whose name now holds something else, unless a
 * top-level name still reaches it. Returns the names whose old tensor was freed.
 *
 * @example
 * const before = snapshotTensors(locals); // run the cell, then:
 * releaseRebound(before, locals);         // ["x"] after `const x = tf.ones([2])` ran again
 */
export function releaseRebound(before: TensorSnapshot, bindings: Readonly<Record<string, unknown>>): string[] {
  const dropped = new Map<tf.Tensor, string>();
  for (const [name, tensor] of before) {
    if (bindings[name] !== tensor && !tensor.isDisposed && !dropped.has(tensor)) dropped.set(tensor, name);
  }
  if (dropped.size === 0) return [];
  const candidates = new Set(dropped.keys());
  const reached = new Set<tf.Tensor>();
  const seen = new Set<object>();
  const budget = { left: VISIT_BUDGET };
  for (const name of Object.keys(bindings)) {
    if (!markReachable(bindings[name], candidates, reached, seen, budget)) return [];
    if (reached.size === candidates.size) return [];
  }
  const freed: string[] = [];
  for (const [tensor, name] of dropped) {
    if (reached.has(tensor)) continue;
    tensor.dispose();
    freed.push(name);
  }
  return freed;
}
