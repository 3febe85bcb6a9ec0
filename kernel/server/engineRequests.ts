/**
 * The shell requests besides execute that need the TypeScript engine: completion, inspection
 * and is_complete. Jupyter counts cursor positions in code points; the engine in UTF-16 units.
 */
import { codePointsToOffset, offsetToCodePoints, type Engine } from "../engine/engine";
import type { CompleteReply, InspectReply, IsCompleteReply } from "../protocol";

/** The complete_reply for `code` with the cursor at `cursorPos` code points. */
export function completeReply(engine: Engine, code: string, cursorPos: number): CompleteReply {
  const c = engine.complete(code, codePointsToOffset(code, cursorPos));
  return {
    status: "ok",
    matches: c.matches,
    cursor_start: offsetToCodePoints(code, c.start),
    cursor_end: offsetToCodePoints(code, c.end),
    metadata: {},
  };
}

/** The inspect_reply (type and doc comment as text/plain) at `cursorPos` code points. */
export function inspectReply(engine: Engine, code: string, cursorPos: number): InspectReply {
  const text = engine.inspect(code, codePointsToOffset(code, cursorPos));
  return { status: "ok", found: text !== undefined, data: text ? { "text/plain": text } : {}, metadata: {} };
}

/** The is_complete_reply for `code`. */
export function isCompleteReply(engine: Engine, code: string): IsCompleteReply {
  return engine.isComplete(code);
}
