import * as fs from "fs";
import * as path from "path";
import { joinMultiline, readNotebook, validateNotebook, type Cell } from "../../kernel/nbformat";
import { countChecks } from "./lessonRun";

const dir = path.resolve(__dirname, "../../notebooks");
const lessons = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

describe("lesson notebooks as stored", () => {
  it("are the six lessons, in order", () => {
    expect(lessons.map((f) => f.slice(0, 3))).toEqual(["01-", "02-", "03-", "04-", "05-", "06-"]);
  });

  it.each(lessons)("%s is valid nbformat 4.5 with kernelspec nnlab, stored without outputs", (file) => {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    expect([raw.nbformat, raw.nbformat_minor]).toEqual([4, 5]);
    expect(validateNotebook(raw)).toEqual([]);
    expect(raw.metadata.kernelspec.name).toBe("nnlab");
    for (const cell of raw.cells) {
      expect(typeof cell.id).toBe("string");
      if (cell.cell_type === "code") {
        expect({ id: cell.id, outputs: cell.outputs, count: cell.execution_count }).toEqual({ id: cell.id, outputs: [], count: null });
      }
    }
    const nb = readNotebook(path.join(dir, file));
    const markdown = nb.cells.filter((c) => c.cell_type === "markdown").map((c) => [c.source].flat().join(""));
    expect(markdown[0]).toMatch(/^# /);
    expect(markdown.join("\n")).toMatch(/What you will learn/);
    expect(markdown.join("\n")).toMatch(/## Summary/);
    expect(markdown.join("\n")).toMatch(/Try it/);
  });

  it("maps every LESSONS.md lesson section to cells that exist (notebooks/README.md)", () => {
    const map = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    const ids = new Set(lessons.flatMap((f) => readNotebook(path.join(dir, f)).cells.map((c) => c.id)));
    const cited = [...map.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]).filter((id) => !id.endsWith(".ipynb"));
    expect(cited.length).toBeGreaterThan(40);
    const missing = cited.filter((id) => !ids.has(id) && !ids.has(id.replace(/-md$/, "")));
    expect(missing).toEqual([]);
  });

  describe("notebooks/README.md's maps: every row's cells exist, and a claim's code cell checks it", () => {
    const map = fs.readFileSync(path.join(dir, "README.md"), "utf8");
    const cells = new Map<string, Cell>(
      lessons.flatMap((f) => readNotebook(path.join(dir, f)).cells.map((c) => [c.id ?? "", c] as [string, Cell])),
    );
    /** The table rows of the README section that starts with `heading`: [first column, code cell ids, markdown cell ids]. */
    const rows = (heading: string): [string, string[], string[]][] => {
      const start = map.indexOf(heading);
      expect(start).toBeGreaterThanOrEqual(0);
      const end = map.indexOf("\n## ", start + heading.length);
      const section = map.slice(start, end < 0 ? undefined : end);
      const ids = (column: string) => [...column.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]);
      return section
        .split("\n")
        .filter((line) => line.startsWith("|") && !/^\|\s*-+/.test(line) && !/Code cell|code cell/.test(line))
        .map((line) => line.split("|").map((c) => c.trim()))
        .map((cols): [string, string[], string[]] => [cols[1], ids(cols[2]), ids(cols[3])]);
    };
    const problems = (table: [string, string[], string[]][], codeRequired: boolean): string[] =>
      table.flatMap(([claim, code, markdown]) => {
        const found: string[] = [];
        for (const id of code) if (cells.get(id)?.cell_type !== "code") found.push(`${claim}: no code cell "${id}"`);
        for (const id of markdown) if (cells.get(id)?.cell_type !== "markdown") found.push(`${claim}: no markdown cell "${id}"`);
        if (codeRequired && code.length === 0) found.push(`${claim}: no code cell computes it`);
        const checked = code.some((id) => {
          const cell = cells.get(id);
          return cell?.cell_type === "code" && countChecks(joinMultiline(cell.source)) > 0;
        });
        if (code.length > 0 && !checked) found.push(`${claim}: none of ${code.join(", ")} holds a check(`);
        return found;
      });

    it("maps every LESSONS.md bullet (a text-only bullet, such as history, may name no code cell)", () => {
      const table = rows("## Curriculum map");
      expect(table.length).toBeGreaterThanOrEqual(40);
      expect(problems(table, false)).toEqual([]);
    });

    it("maps every item of issue 11's part 4 to a code cell that checks it", () => {
      const table = rows("## Beyond LESSONS.md");
      expect(table.length).toBe(10);
      expect(problems(table, true)).toEqual([]);
    });
  });
});
