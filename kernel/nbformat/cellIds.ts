import { randomBytes } from "crypto";
import type { Notebook } from "./types";

const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/**
 * A new random cell id (8 hex digits, as nbformat makes them).
 * @example newCellId() // "3f2a9c01"
 */
export function newCellId(): string {
  return randomBytes(4).toString("hex");
}

/**
 * Gives every cell a valid, unique id, keeping the ids that are already valid and unique, and
 * marks the notebook nbformat 4.5 (ids are what 4.5 adds). Mutates and returns `nb`.
 * @example ensureCellIds(nb).cells[0].id
 */
export function ensureCellIds<N extends Notebook>(nb: N): N {
  const seen = new Set<string>();
  for (const cell of nb.cells) {
    let id = typeof cell.id === "string" && CELL_ID.test(cell.id) && !seen.has(cell.id) ? cell.id : "";
    while (id === "" || seen.has(id)) id = newCellId();
    cell.id = id;
    seen.add(id);
  }
  if (nb.nbformat_minor < 5) nb.nbformat_minor = 5;
  return nb;
}
