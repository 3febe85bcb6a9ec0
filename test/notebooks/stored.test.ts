import * as fs from "fs";
import * as path from "path";
import { readNotebook, validateNotebook } from "../../kernel/nbformat";

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
});
