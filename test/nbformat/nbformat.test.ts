import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  NotebookError,
  NotebookValidationError,
  assertValidNotebook,
  coerceNotebook,
  ensureCellIds,
  joinMultiline,
  parseNotebook,
  readNotebook,
  serializeNotebook,
  splitLines,
  validateNotebook,
  writeNotebook,
  type Notebook,
} from "../../kernel/nbformat";

function sample(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "python3", display_name: "Python 3" } },
    cells: [
      { id: "md-1", cell_type: "markdown", metadata: {}, source: "# Title" },
      {
        id: "code-1",
        cell_type: "code",
        metadata: {},
        source: ["print(1)\n", "2"],
        execution_count: 1,
        outputs: [
          { output_type: "stream", name: "stdout", text: ["1\n"] },
          { output_type: "execute_result", execution_count: 1, data: { "text/plain": ["2"] }, metadata: {} },
          { output_type: "error", ename: "E", evalue: "v", traceback: ["t"] },
        ],
      },
    ],
  };
}

describe("nbformat", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-nbf-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("accepts a valid 4.5 notebook and reports schema problems with their paths", () => {
    expect(validateNotebook(sample())).toEqual([]);
    const noId = sample() as unknown as { cells: Record<string, unknown>[] };
    delete noId.cells[1].id;
    expect(validateNotebook(noId).join("\n")).toMatch(/\/cells\/1: must have required property 'id'/);
    const badOutput = sample();
    (badOutput.cells[1] as { outputs: unknown[] }).outputs.push({ output_type: "stream", name: "stdout" });
    expect(validateNotebook(badOutput).join("\n")).toMatch(/\/cells\/1\/outputs\/3/);
    const extra = sample() as unknown as Record<string, unknown>;
    extra.surprise = 1;
    expect(validateNotebook(extra)).toContain('(notebook): must NOT have additional properties "surprise"');
    const dup = sample();
    dup.cells[1].id = "md-1";
    expect(validateNotebook(dup)).toEqual(['/cells/1/id: duplicate cell id "md-1"']);
    expect(() => assertValidNotebook(dup, "x.ipynb")).toThrow(NotebookValidationError);
    expect(() => assertValidNotebook(dup, "x.ipynb")).toThrow(/^x\.ipynb: not a valid nbformat 4\.5 notebook/);
  });

  it("agrees with Python's nbformat.validate on what it writes", () => {
    const file = path.join(dir, "ok.ipynb");
    writeNotebook(file, sample());
    const py = `import nbformat,sys\nnb=nbformat.read(sys.argv[1], as_version=4)\nnbformat.validate(nb)\nprint(nb.nbformat_minor, len(nb.cells))`;
    expect(execFileSync("/usr/bin/python3", ["-c", py, file]).toString().trim()).toBe("5 2");
  });

  it("upgrades an older 4.x notebook: adds ids, metadata, outputs", () => {
    const old = {
      nbformat: 4,
      nbformat_minor: 2,
      metadata: {},
      cells: [
        { cell_type: "code", source: "1" },
        { cell_type: "markdown", source: "x", id: "keep" },
      ],
    };
    const nb = parseNotebook(JSON.stringify(old));
    expect(nb.nbformat_minor).toBe(5);
    expect(nb.cells[0].id).toMatch(/^[0-9a-f]{8}$/);
    expect(nb.cells[1].id).toBe("keep");
    expect(nb.cells[0]).toMatchObject({ outputs: [], execution_count: null, metadata: {} });
    expect(validateNotebook(nb)).toEqual([]);
  });

  it("coerces what a renderer can show into a schema-valid notebook", () => {
    // What other writers leave out or write loosely: no source, no output metadata, no
    // execution counts, an error whose ename/evalue are not strings.
    const loose = {
      nbformat: 4,
      cells: [
        { cell_type: "markdown" },
        {
          cell_type: "code",
          source: ["x"],
          outputs: [
            { output_type: "display_data", data: { "text/plain": "1" } },
            { output_type: "execute_result", data: { "text/plain": "2" } },
            { output_type: "error", ename: 42, evalue: { why: "no" }, traceback: [] },
            { output_type: "error", traceback: ["t"] },
          ],
        },
      ],
    };
    const nb = coerceNotebook(loose, "loose.ipynb");
    expect(validateNotebook(nb)).toEqual([]);
    expect(nb.cells[0]).toMatchObject({ source: "", metadata: {} });
    expect(nb.cells[1]).toMatchObject({
      execution_count: null,
      outputs: [
        { metadata: {} },
        { metadata: {}, execution_count: null },
        { ename: "42", evalue: '{"why":"no"}' },
        { ename: "Error", evalue: "" },
      ],
    });
  });

  it("coercion names the file and what a renderer cannot do without", () => {
    const bad = (cells: unknown[]) => () => coerceNotebook({ nbformat: 4, cells }, "b.ipynb");
    expect(() => coerceNotebook([1], "b.ipynb")).toThrow("b.ipynb: not a valid Jupyter notebook: expected a JSON object, got an array");
    expect(bad([{ cell_type: "code", source: 3 }])).toThrow(NotebookError);
    expect(bad([{ cell_type: "code", source: 3 }])).toThrow('cell 1 "source" must be a string or a list of strings');
    expect(bad([{ cell_type: "code", source: "", outputs: [{ output_type: "display_data" }] }])).toThrow(
      'b.ipynb: not a valid Jupyter notebook: cell 1, output 1 (display_data) "data" must be an object',
    );
    expect(bad([{ cell_type: "code", source: "", outputs: [{ output_type: "error", traceback: "t" }] }])).toThrow(
      'cell 1, output 1 (error) "traceback" must be a list of strings',
    );
  });

  it("ensureCellIds replaces invalid and duplicate ids only", () => {
    const nb = sample();
    nb.cells.push(
      { id: "md-1", cell_type: "raw", metadata: {}, source: "" },
      { id: "bad id!", cell_type: "raw", metadata: {}, source: "" },
    );
    ensureCellIds(nb);
    expect(nb.cells[0].id).toBe("md-1");
    expect(nb.cells[2].id).not.toBe("md-1");
    expect(nb.cells[3].id).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(nb.cells.map((c) => c.id)).size).toBe(4);
  });

  it("rejects what is not an nbformat 4 notebook, naming the file", () => {
    expect(() => parseNotebook("{", "a.ipynb")).toThrow(/^a\.ipynb: not a valid Jupyter notebook: invalid JSON/);
    expect(() => parseNotebook(JSON.stringify({ nbformat: 3, cells: [] }), "a.ipynb")).toThrow(
      "a.ipynb: not a valid Jupyter notebook: expected nbformat 4, got 3",
    );
    expect(() => parseNotebook(JSON.stringify({ nbformat: 4, cells: [{ cell_type: "python" }] }), "a.ipynb")).toThrow(
      /cell 1 has cell_type "python", expected "markdown", "code" or "raw"/,
    );
    expect(() => readNotebook(path.join(dir, "missing.ipynb"))).toThrow(NotebookError);
    expect(() => readNotebook(path.join(dir, "missing.ipynb"))).toThrow(TypeError);
    expect(() => readNotebook(path.join(dir, "missing.ipynb"))).toThrow(/missing\.ipynb: no such notebook file/);
  });

  it("never writes an invalid notebook, and writes Jupyter's layout", () => {
    const file = path.join(dir, "bad.ipynb");
    const bad = sample() as unknown as Record<string, unknown>;
    delete bad.metadata;
    expect(() => writeNotebook(file, bad as unknown as Notebook)).toThrow(NotebookValidationError);
    expect(fs.existsSync(file)).toBe(false);
    const text = serializeNotebook(sample());
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe(' "cells": [');
    const back = readNotebook(path.join(dir, "ok.ipynb"));
    expect(back.cells[0].source).toEqual(["# Title"]);
    expect(back.cells.map((c) => joinMultiline(c.source))).toEqual(sample().cells.map((c) => joinMultiline(c.source)));
    expect(back.cells[1]).toMatchObject({ outputs: [{ text: ["1\n"] }, { data: { "text/plain": ["2"] } }, { ename: "E" }] });
  });

  it("splits text into lines for disk but keeps JSON MIME data as JSON", () => {
    const nb = sample();
    (nb.cells[1] as { outputs: unknown[] }).outputs.push({
      output_type: "display_data",
      metadata: {},
      data: { "text/html": "<b>\n</b>", "application/vnd.plotly.v1+json": { data: ["a\nb"] } },
    });
    const disk = JSON.parse(serializeNotebook(nb));
    expect(disk.cells[1].outputs[3].data).toEqual({ "application/vnd.plotly.v1+json": { data: ["a\nb"] }, "text/html": ["<b>\n", "</b>"] });
    expect(validateNotebook(disk)).toEqual([]);
  });

  it("joins and splits multiline strings", () => {
    expect(joinMultiline(["a\n", "b"])).toBe("a\nb");
    expect(splitLines("a\nb\n")).toEqual(["a\n", "b\n"]);
    expect(splitLines("")).toEqual([]);
  });
});
