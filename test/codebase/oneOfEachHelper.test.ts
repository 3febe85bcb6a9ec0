/**
 * Each small helper that was once written several times has exactly one definition: the HTML
 * escaper, the HTML table renderer, stripAnsi, the carriage-return collapser and mulberry32.
 * The source text of lib/, kernel/, test/ and bench/ is scanned for definitions by name and by
 * what a copy would have to contain, so a pasted copy under another name is found too.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SELF = path.relative(ROOT, __filename);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "fixtures" ? [] : sourceFiles(rel);
    return /\.(ts|js|mjs|cjs)$/.test(e.name) ? [rel] : [];
  });
}

const sources = ["lib", "kernel", "test", "bench"]
  .flatMap(sourceFiles)
  .filter((f) => f !== SELF)
  .map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), "utf8") }));

/** "file:line" of every match of any pattern, in file order. */
function definitionSites(patterns: readonly RegExp[]): string[] {
  const sites: string[] = [];
  for (const { file, text } of sources) {
    text.split("\n").forEach((line, i) => {
      if (patterns.some((p) => p.test(line))) sites.push(`${file}:${i + 1}`);
    });
  }
  return sites;
}

// Patterns that match a definition (by name) or a line only a copy would contain (by content).
const helpers: readonly { name: string; home: string; patterns: RegExp[] }[] = [
  {
    name: "HTML escaper",
    home: "lib/ground/html.ts",
    patterns: [/\bfunction\s+escape(Html|Xml)\b/, /\b(const|let|var)\s+escape(Html|Xml)\s*=/, /["']&amp;["']/],
  },
  {
    name: "HTML table renderer",
    home: "lib/ground/html.ts",
    patterns: [/\bfunction\s+htmlTable\b/, /\b(const|let|var)\s+htmlTable\s*=/, /<thead>/],
  },
  {
    name: "stripAnsi",
    home: "kernel/terminal/terminalText.ts",
    patterns: [/\bfunction\s+stripAnsi\b/, /\b(const|let|var)\s+stripAnsi\s*=/, /\\(x1b|u001b|033)\\\[/],
  },
  {
    name: "carriage-return collapser",
    home: "kernel/terminal/terminalText.ts",
    patterns: [
      /\bfunction\s+(collapse\w*|apply\w*CarriageReturns?)\b/,
      /\b(const|let|var)\s+(collapse\w*|apply\w*CarriageReturns?)\s*=/,
      /lastIndexOf\(["']\\r["']\)/,
      /\\r\(\?=/,
    ],
  },
  {
    name: "mulberry32",
    home: "lib/random/mulberry32.ts",
    patterns: [/\bfunction\s+mulberry32\b/, /\b(const|let|var)\s+mulberry32\s*=/, /0x6d2b79f5/i],
  },
];

describe("one of each helper", () => {
  test("the scan reads the source tree", () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(sources.map((s) => s.file)).toEqual(expect.arrayContaining(helpers.map((h) => h.home)));
  });

  test.each(helpers)("the $name is defined once, in $home", ({ home, patterns }) => {
    const sites = definitionSites(patterns);
    const files = [...new Set(sites.map((s) => s.slice(0, s.lastIndexOf(":"))))];
    expect(files).toEqual([home]);
    // One named definition (a function or a const), whatever content lines it has.
    expect(definitionSites(patterns.slice(0, 2))).toHaveLength(1);
  });
});
