/**
 * Finds the valid name a misspelt one most likely meant, for "did you mean ...?" hints.
 * A name counts as meant when it differs only in case or underscores (`batch_size` for
 * `batchSize`), is a few edits away (`botom`, `strides`), shares a long beginning (`rotate` for
 * `rotation`, `padding` for `pad`), or is a short abbreviation of it (`lr` for `learningRate`).
 *
 * @example
 * nearestName("learningRate", ["lr", "beta1", "beta2"]); // "lr"
 * nearestName("colour", ["title", "bins"]);              // undefined
 */
export function nearestName(name: string, valid: readonly string[]): string | undefined {
  const key = normalize(name);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of valid) {
    const score = closeness(key, normalize(candidate));
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Lower is closer; Infinity when `b` is too far from `a` to be suggested. */
function closeness(a: string, b: string): number {
  if (a === b) return 0;
  const d = editDistance(a, b);
  if (d <= Math.max(1, Math.floor(Math.max(a.length, b.length) * 0.4))) return d;
  const shorter = Math.min(a.length, b.length);
  if (shorter >= 3 && commonPrefix(a, b) >= Math.min(4, shorter)) return 10 + d;
  if (isAbbreviation(b, a) || isAbbreviation(a, b)) return 20 + d;
  return Infinity;
}

/** Case, `_` and `-` do not tell names apart for a suggestion. */
function normalize(s: string): string {
  return s.toLowerCase().replace(/[_-]/g, "");
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** `short` (2 to 4 letters) starts like `long` and its letters appear in `long` in order: "lr" in "learningrate". */
function isAbbreviation(short: string, long: string): boolean {
  if (short.length < 2 || short.length > 4 || short.length >= long.length || short[0] !== long[0]) return false;
  let j = 0;
  for (const c of long) if (c === short[j]) j++;
  return j === short.length;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i].push(d);
    }
  }
  return rows[a.length][b.length];
}
