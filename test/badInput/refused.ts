import * as tf from "@tensorflow/tfjs-core";
import { setDisplayHost, type DisplayHost } from "../../lib/host";

/** The values of some tensors, to compare after a refused call. */
export type Watched = Readonly<Record<string, tf.Tensor>>;

function valuesOf(watch: Watched): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(watch)) out[k] = Array.from(v.dataSync());
  return out;
}

/**
 * Runs a call that must be refused: asserts the error's class, that its message holds every
 * key word (who, which argument, what it got, what it needs), that no tensor was left behind
 * and that the watched tensors (params, running statistics) kept their values.
 */
export function expectRefused(
  run: () => unknown,
  errorClass: new (...args: never[]) => Error,
  words: readonly string[],
  watch: Watched = {},
): Error {
  const before = valuesOf(watch);
  const count = tf.memory().numTensors;
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(errorClass);
  const message = (error as Error).message;
  for (const w of words) expect(message).toContain(w);
  expect(tf.memory().numTensors).toBe(count);
  expect(valuesOf(watch)).toEqual(before);
  return error as Error;
}

/** The async form of {@link expectRefused}, for a call that rejects. */
export async function expectRejected(
  run: () => Promise<unknown>,
  errorClass: new (...args: never[]) => Error,
  words: readonly string[],
): Promise<Error> {
  let error: unknown;
  try {
    await run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(errorClass);
  for (const w of words) expect((error as Error).message).toContain(w);
  return error as Error;
}

/** Runs f with a display host that records every text/plain output; returns them. */
export async function captureDisplays<T>(f: () => Promise<T> | T): Promise<{ texts: string[]; result?: T; error?: unknown }> {
  const texts: string[] = [];
  const host: DisplayHost = {
    display: (bundle) => {
      if (typeof bundle["text/plain"] === "string") texts.push(bundle["text/plain"]);
    },
    update: () => {},
  };
  const previous = setDisplayHost(host);
  try {
    return { texts, result: await f() };
  } catch (error) {
    return { texts, error };
  } finally {
    setDisplayHost(previous);
  }
}
