import { checkInt, convOutputSize, type RoundMode } from "./outputSize";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Window options shared by {@link im2col} and {@link col2im}. */
export interface WindowOptions {
  /** Filter (window) height FH. */
  readonly filterH: number;
  /** Filter (window) width FW. */
  readonly filterW: number;
  /** Step between windows, the same along height and width (default 1). */
  readonly stride?: number;
  /** Zeros added on every side of the image (default 0). */
  readonly pad?: number;
  /** Spacing between filter taps; 1 is an ordinary filter (default 1). */
  readonly dilation?: number;
  /** "floor" (default) drops the windows that do not fit; "ceil" adds a last one clipped to the padded input (Caffe's pooling). */
  readonly roundMode?: RoundMode;
}

const WINDOW_KEYS = optionKeys<WindowOptions>({ filterH: true, filterW: true, stride: true, pad: true, dilation: true, roundMode: true });

/** Window options with defaults filled in and the output size computed. */
export interface WindowGeometry {
  readonly FH: number;
  readonly FW: number;
  readonly S: number;
  readonly P: number;
  readonly D: number;
  readonly OH: number;
  readonly OW: number;
}

/**
 * Validates window options against an input height/width and computes the output size.
 * Errors name `where`, so the message says which function or layer was called.
 */
export function windowGeometry(where: string, H: number, W: number, opts: WindowOptions): WindowGeometry {
  if (opts === null || typeof opts !== "object") {
    throw new TypeError(`${where}: options must be an object { filterH, filterW, stride, pad, dilation }, got ${String(opts)}`);
  }
  checkOptions(where, opts, WINDOW_KEYS);
  const { filterH, filterW, stride = 1, pad = 0, dilation = 1, roundMode = "floor" } = opts;
  checkInt(where, "filterH", filterH, 1);
  checkInt(where, "filterW", filterW, 1);
  checkInt(where, "stride", stride, 1);
  checkInt(where, "pad", pad, 0);
  checkInt(where, "dilation", dilation, 1);
  let OH: number;
  let OW: number;
  try {
    OH = convOutputSize(H, filterH, stride, pad, dilation, roundMode);
    OW = convOutputSize(W, filterW, stride, pad, dilation, roundMode);
  } catch (e) {
    throw new RangeError(`${where}: ${(e as Error).message.replace(/^convOutputSize: /, "")} (input ${H}x${W})`);
  }
  return { FH: filterH, FW: filterW, S: stride, P: pad, D: dilation, OH, OW };
}
