import { describeValue } from "../errors";
import { nearestName } from "./nearestName";

/**
 * The option names of an options interface, listed once. `Record<keyof T, true>` makes the
 * compiler require every key of T and refuse any other, so the list cannot drift from the
 * interface it checks.
 *
 * @example
 * const SGD_KEYS = optionKeys<SGDOptions>({ lr: true });
 */
export function optionKeys<T extends object>(keys: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(keys);
}

/** How {@link checkOptions} words its message. */
export interface CheckOptionsWording {
  /** Which argument holds the options, when not the function's only options object: `optimizerParams`. */
  readonly argument?: string;
  /** A sentence for a key that belongs elsewhere, in place of the nearest valid key: `{ lr: 'did you mean optimizerParams: { lr }?' }`. */
  readonly hints?: Readonly<Record<string, string>>;
}

/**
 * Checks an options object of the public API: `undefined` means the defaults; anything else
 * must be an object whose keys are all valid. A misspelt key would otherwise be ignored and the
 * default used without a word, so it is a TypeError naming the function, the key, the valid
 * key it most likely meant, and all valid keys.
 *
 * @example
 * checkOptions("Trainer", { learningRate: 0.1 }, ["lr", "beta1"], { argument: "optimizerParams" });
 * // TypeError: Trainer: unknown option "learningRate" in optimizerParams; did you mean "lr"? Valid: lr, beta1
 */
export function checkOptions(where: string, options: unknown, valid: readonly string[], wording: CheckOptionsWording = {}): void {
  if (options === undefined) return;
  const argument = wording.argument ?? "options";
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: ${argument} must be an object { ${valid.join(", ")} }, got ${describeValue(options)}`);
  }
  const unknown = Object.keys(options).filter((k) => !valid.includes(k));
  if (unknown.length === 0) return;
  const validList = valid.length === 0 ? "none" : valid.join(", ");
  const within = wording.argument === undefined ? "" : ` in ${wording.argument}`;
  const meant = (key: string): string | undefined => {
    if (wording.hints !== undefined && Object.prototype.hasOwnProperty.call(wording.hints, key)) return wording.hints[key];
    const nearest = nearestName(key, valid);
    return nearest === undefined ? undefined : `did you mean "${nearest}"?`;
  };
  if (unknown.length === 1) {
    const m = meant(unknown[0]);
    throw new TypeError(`${where}: unknown option "${unknown[0]}"${within}${m === undefined ? "." : `; ${m}`} Valid: ${validList}`);
  }
  const parts = unknown.map((key) => {
    const m = meant(key);
    return `"${key}"${m === undefined ? "" : ` (${m})`}`;
  });
  throw new TypeError(`${where}: unknown options${within}: ${parts.join(", ")}. Valid: ${validList}`);
}
