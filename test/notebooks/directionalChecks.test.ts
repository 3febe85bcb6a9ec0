/**
 * The lessons' comparative claims are checked in the claim's direction. A condition such as
 * `Math.abs(a - b) < 0.1` or `a > b - 0.1` still passes when the effect the text claims has
 * reversed (b beats a by a little), so a learner would see a ✔ under text the run contradicts.
 * This test reads every code cell of notebooks/*.ipynb and fails on any check( whose condition
 * holds such a slack.
 *
 * One kind of two-sided comparison is legitimate: a numerical tolerance, where an error measure
 * (float rounding, a finite difference) is compared with a small constant. The rule: a
 * `Math.abs(x - y) <` bound that starts with a number of at most 1e-2 (e.g. `< 1e-6`,
 * `< 1e-3 * Math.max(1, |x|)`) is a tolerance; a larger or computed bound is a slack.
 */
import * as fs from "fs";
import * as path from "path";
import { joinMultiline, readNotebook } from "../../kernel/nbformat";

const dir = path.resolve(__dirname, "../../notebooks");

/** The largest bound, as a leading number, that still counts as a numerical tolerance. */
const toleranceLimit = 1e-2;

/** The first argument of every check( call in `source` (balanced brackets, strings skipped), with its line. */
export function checkConditions(source: string): { line: number; condition: string }[] {
  const found: { line: number; condition: string }[] = [];
  for (const m of source.matchAll(/(?<![\w.])check\(/g)) {
    const start = (m.index ?? 0) + m[0].length;
    let depth = 0;
    let quote = "";
    let end = start;
    for (; end < source.length; end++) {
      const ch = source[end];
      if (quote) {
        if (ch === "\\") end++;
        else if (ch === quote) quote = "";
        continue;
      }
      if (ch === '"' || ch === "'" || ch === "`") quote = ch;
      else if ("([{".includes(ch)) depth++;
      else if (")]}".includes(ch)) {
        if (depth === 0) break;
        depth--;
      } else if (ch === "," && depth === 0) break;
    }
    found.push({ line: source.slice(0, m.index).split("\n").length, condition: source.slice(start, end) });
  }
  return found;
}

// An operand: a name with member accesses, indexes and one level of call brackets.
const operand = String.raw`[A-Za-z_$][\w$.]*(?:\[[^\]]*\]|\((?:[^()]|\([^()]*\))*\))*`;
const number = String.raw`\d*\.?\d+(?:e-?\d+)?`;

/** Why `condition` is a slack comparison, or "" when it is directional or a numerical tolerance. */
export function slackIn(condition: string): string {
  // Math.abs(... - ...) < bound, where the bracket holds a difference (one nesting level).
  const abs = new RegExp(String.raw`Math\.abs\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)\s*(<=?)\s*([^&|)]+)`, "g");
  for (const m of condition.matchAll(abs)) {
    if (!/\s-\s/.test(m[1])) continue;
    const lead = m[3].trim().match(new RegExp(`^${number}`));
    if (lead && Number(lead[0]) <= toleranceLimit) continue;
    return `two-sided slack "${m[0].trim()}"`;
  }
  const minus = new RegExp(String.raw`(?<![=>])>=?\s*${operand}\s*-\s*${number}`);
  const m2 = condition.match(minus);
  if (m2) return `one-sided slack "${m2[0].trim()}"`;
  const plus = new RegExp(String.raw`(?<![=<])<=?\s*${operand}\s*\+\s*${number}`);
  const m3 = condition.match(plus);
  if (m3) return `one-sided slack "${m3[0].trim()}"`;
  return "";
}

describe("the rule itself", () => {
  it.each([
    ["Math.abs(a - b) < 0.05", true],
    ["Math.abs(acc.plain - acc.aug) <= slack", true],
    ["x.test > y.test - 0.1", true],
    ["gaps['a'].gap >= gaps.b.gap - 0.02", true],
    ["aug < plain + 0.03", true],
    ["Math.abs(d - numeric[i]) < 1e-6", false],
    ["Math.abs(lhs - rhs) < 1e-3 * Math.max(1, Math.abs(lhs))", false],
    ["a > b && c < 0.1", false],
    ["xs.every((v) => v - 1 > 0)", false],
    ["Math.abs(x) < 0.5", false],
  ])("%s is a slack: %s", (condition, isSlack) => {
    expect(slackIn(condition) !== "").toBe(isSlack);
  });
});

describe("lesson checks are directional", () => {
  const lessons = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort();
  it.each(lessons)("%s has no check( whose condition is a slack comparison", (file) => {
    const nb = readNotebook(path.join(dir, file));
    const offenders: string[] = [];
    for (const cell of nb.cells) {
      if (cell.cell_type !== "code") continue;
      for (const { line, condition } of checkConditions(joinMultiline(cell.source))) {
        const why = slackIn(condition);
        if (why) offenders.push(`${file} cell ${cell.id} line ${line}: ${why}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
