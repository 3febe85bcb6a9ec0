import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { fullGc } from "../../kernel/engine/fullGc";
import { weakVariableRegistry, type VariableMap } from "../../kernel/tensorRelease";

/** Lets the job that created objects end, so their WeakRefs no longer pin them. */
const nextTask = () => new Promise((resolve) => setImmediate(resolve));

describe("weakVariableRegistry", () => {
  beforeAll(async () => {
    await tf.setBackend("cpu");
  });

  test("lists reachable Variables like a plain map: get, in, keys, for...in, delete", () => {
    const registry = weakVariableRegistry({});
    const a = tf.variable(tf.scalar(1), true, "weak-test-a");
    const b = tf.variable(tf.scalar(2), true, "weak-test-b");
    registry[a.name] = a;
    registry[b.name] = b;
    expect(registry["weak-test-a"]).toBe(a);
    expect("weak-test-b" in registry).toBe(true);
    expect(Object.keys(registry).sort()).toEqual(["weak-test-a", "weak-test-b"]);
    const seen: string[] = [];
    for (const name in registry) seen.push(name);
    expect(seen.sort()).toEqual(["weak-test-a", "weak-test-b"]);
    delete registry[a.name];
    expect(registry[a.name]).toBeUndefined();
    expect(Object.keys(registry)).toEqual(["weak-test-b"]);
    a.dispose();
    b.dispose();
  });

  test("keeps the entries it started with strongly", async () => {
    const existing: VariableMap = {};
    existing.kept = tf.variable(tf.scalar(3), true, "weak-test-kept");
    const registry = weakVariableRegistry(existing);
    delete existing.kept;
    await nextTask();
    fullGc();
    expect(registry.kept?.name).toBe("weak-test-kept");
  });

  test("as the engine's registry: drops a Variable nothing else reaches after a full GC, keeps one that is reached", async () => {
    const state = (tf.engine() as unknown as { state: { registeredVariables: VariableMap } }).state;
    const original = state.registeredVariables;
    state.registeredVariables = weakVariableRegistry(original);
    try {
      const held = tf.variable(tf.scalar(4), true, "weak-test-held");
      (() => tf.variable(tf.scalar(5), true, "weak-test-dropped"))();
      await nextTask();
      fullGc();
      expect(state.registeredVariables["weak-test-dropped"]).toBeUndefined();
      expect(Object.keys(state.registeredVariables)).toContain("weak-test-held");
      expect(Object.keys(state.registeredVariables)).not.toContain("weak-test-dropped");
      // tf.variableGrads finds its Variables through the registry.
      const { grads } = tf.variableGrads(() => held.square().asScalar());
      expect(Object.keys(grads)).toContain("weak-test-held");
      held.dispose();
    } finally {
      state.registeredVariables = original;
    }
  });
});
