/**
 * TF.js's engine keeps every tf.Variable in `registeredVariables` (name -> Variable) until it is
 * disposed, so a net nothing else reaches stays alive through its weights. This registry has the
 * same face (an object indexed by name, enumerable with for...in and Object.keys, as
 * tf.variableGrads and disposeVariables read it) but holds each Variable through a WeakRef: a
 * Variable the program can still reach is listed exactly as before; one it cannot reach drops out
 * and can be collected. Variables listed before the switch stay strongly held.
 */
import type * as tf from "@tensorflow/tfjs-core";

/** The engine's variable map, as TF.js declares it. */
export type VariableMap = Record<string, tf.Variable>;

/**
 * Returns a registry with the entries of `existing` (held strongly) and weakly held new ones.
 *
 * @example
 * engine.state.registeredVariables = weakVariableRegistry(engine.state.registeredVariables);
 */
export function weakVariableRegistry(existing: VariableMap): VariableMap {
  const strong = new Map<string, tf.Variable>(Object.entries(existing));
  const weak = new Map<string, WeakRef<tf.Variable>>();
  const lookup = (name: string): tf.Variable | undefined => {
    const held = strong.get(name);
    if (held) return held;
    const ref = weak.get(name);
    if (!ref) return undefined;
    const v = ref.deref();
    if (!v) weak.delete(name);
    return v;
  };
  const names = (): string[] => [...strong.keys(), ...[...weak.keys()].filter((n) => lookup(n) !== undefined)];
  return new Proxy<VariableMap>(
    {},
    {
      get: (_t, name) => (typeof name === "string" ? lookup(name) : undefined),
      set: (_t, name, value: tf.Variable) => {
        if (typeof name !== "string") return false;
        strong.delete(name);
        weak.set(name, new WeakRef(value));
        return true;
      },
      has: (_t, name) => typeof name === "string" && lookup(name) !== undefined,
      deleteProperty: (_t, name) => {
        if (typeof name === "string") {
          strong.delete(name);
          weak.delete(name);
        }
        return true;
      },
      ownKeys: () => names(),
      getOwnPropertyDescriptor: (_t, name) => {
        const v = typeof name === "string" ? lookup(name) : undefined;
        return v === undefined ? undefined : { value: v, writable: true, enumerable: true, configurable: true };
      },
    },
  );
}
