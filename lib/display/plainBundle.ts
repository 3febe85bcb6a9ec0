import { isDisplayable, toMimeBundle, type MimeBundle } from "../ground/displaySeam";
import { platform } from "../platform";

/**
 * The MIME bundle of a value that is neither a figure nor a tensor: what it says of itself
 * through `[toMimeBundle]()`, else its text. Free of TF.js, so a host can show values before
 * it loads TF.js (the kernel loads it on first use); {@link mimeBundle} is this plus figures
 * and tensors.
 *
 * @example
 * plainMimeBundle({ a: 1 })["text/plain"]; // "{ a: 1 }"
 */
export function plainMimeBundle(value: unknown): MimeBundle {
  if (isDisplayable(value)) {
    const own: unknown = value[toMimeBundle]();
    if (typeof own !== "object" || own === null) {
      throw new TypeError(`mimeBundle: [toMimeBundle]() must return an object of MIME type -> data, got ${typeof own}`);
    }
    return "text/plain" in (own as MimeBundle)
      ? (own as MimeBundle)
      : { ...(own as MimeBundle), "text/plain": platform.inspect(value, { depth: 1 }) };
  }
  if (typeof value === "string") return { "text/plain": value };
  return { "text/plain": platform.inspect(value, { depth: 3, maxArrayLength: 100, breakLength: 100 }) };
}
