import { tf } from "../../lib";
import { releaseRebound, snapshotTensors } from "../../kernel/engine/rebinding";

/** Runs "a cell" that changes bindings, then frees as the engine does between cells. */
function cell(bindings: Record<string, unknown>, change: (b: Record<string, unknown>) => void): string[] {
  const before = snapshotTensors(bindings);
  change(bindings);
  return releaseRebound(before, bindings);
}

describe("releaseRebound", () => {
  afterEach(() => tf.disposeVariables());

  test("re-running `const x = tf.ones(...)` frees the old tensor: the count stays flat", () => {
    const b: Record<string, unknown> = {};
    cell(b, (s) => (s.x = tf.ones([100, 100])));
    const count = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      const old = b.x as tf.Tensor;
      expect(cell(b, (s) => (s.x = tf.ones([100, 100])))).toEqual(["x"]);
      expect(old.isDisposed).toBe(true);
      expect(tf.memory().numTensors).toBe(count);
    }
    (b.x as tf.Tensor).dispose();
  });

  test("keeps a tensor another name, the new value, an array, a Map or an object field still reaches", () => {
    const holders = [
      (old: tf.Tensor) => ({ y: old }),
      (old: tf.Tensor) => ({ x: [tf.scalar(1), old] }),
      (old: tf.Tensor) => ({ kept: new Map([["k", { deep: [old] }]]) }),
      (old: tf.Tensor) => ({
        layer: new (class Holder {
          constructor(readonly W: tf.Tensor) {}
        })(old),
      }),
      (old: tf.Tensor) => ({ s: new Set([old]) }),
    ];
    for (const hold of holders) {
      const old = tf.ones([3]);
      const b: Record<string, unknown> = { x: old };
      const freed = cell(b, (s) => {
        if (!("x" in hold(old))) s.x = tf.zeros([3]);
        Object.assign(s, hold(old));
      });
      expect(freed).toEqual([]);
      expect(old.isDisposed).toBe(false);
      tf.dispose([old, ...Object.values(b).filter((v): v is tf.Tensor => v instanceof tf.Tensor)]);
      const x = b.x;
      if (Array.isArray(x)) tf.dispose(x as tf.Tensor[]);
    }
  });

  test("the same tensor rebound to itself, or reshaped from it, stays usable", () => {
    const old = tf.tensor1d([1, 2, 3, 4]);
    const b: Record<string, unknown> = { x: old };
    expect(cell(b, (s) => (s.x = old))).toEqual([]);
    // A reshape shares the data: freeing the old tensor object leaves the new one intact.
    expect(cell(b, (s) => (s.x = (s.x as tf.Tensor).reshape([2, 2])))).toEqual(["x"]);
    expect(old.isDisposed).toBe(true);
    expect(Array.from((b.x as tf.Tensor).dataSync())).toEqual([1, 2, 3, 4]);
    (b.x as tf.Tensor).dispose();
  });

  test("never frees a Variable, a name still holding its tensor, or a name that was removed", () => {
    const v = tf.variable(tf.zeros([2]));
    const t = tf.ones([2]);
    const b: Record<string, unknown> = { v, t };
    expect(snapshotTensors(b).has("v")).toBe(false);
    expect(cell(b, (s) => (s.v = 1))).toEqual([]);
    expect(v.isDisposed).toBe(false);
    expect(cell(b, (s) => (s.other = 2))).toEqual([]);
    expect(t.isDisposed).toBe(false);
    t.dispose();
  });

  test("two names rebound from one tensor free it once", () => {
    const old = tf.ones([2]);
    const b: Record<string, unknown> = { a: old, c: old };
    expect(
      cell(b, (s) => {
        s.a = 1;
        s.c = 2;
      }),
    ).toEqual(["a"]);
    expect(old.isDisposed).toBe(true);
  });

  test("gives up (frees nothing) when the bindings are too large to search", () => {
    const old = tf.ones([2]);
    const huge = Array.from({ length: 250_000 }, (_, i) => ({ i }));
    const b: Record<string, unknown> = { x: old, huge };
    expect(cell(b, (s) => (s.x = 0))).toEqual([]);
    expect(old.isDisposed).toBe(false);
    old.dispose();
  });
});
