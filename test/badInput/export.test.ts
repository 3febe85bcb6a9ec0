/**
 * Bad input to `nnlab export` (the real command, dist/): nothing it did not write is deleted or
 * replaced, a notebook is never exported into its own folder, read-only files and symlinks are
 * honoured, bad options are usage errors, and --execute has a time limit.
 */
import * as fs from "fs";
import * as path from "path";
import { cleanTemp, copyNotebook, expectOneLine, EXPORT_NOTEBOOKS, nnlab, PY_NOTEBOOKS, record, tempDir } from "./helpers";

afterAll(cleanTemp);

const BASICS = path.join(EXPORT_NOTEBOOKS, "01-basics.ipynb");
const CHARTS = path.join(EXPORT_NOTEBOOKS, "02-charts.ipynb");

/** A folder holding one exported site of 01-basics at `site`; returns both paths. */
function exported(notebooks = [BASICS]): { dir: string; site: string } {
  const dir = tempDir();
  const site = path.join(dir, "site");
  const r = nnlab(["export", ...notebooks, "--out", site, "--single-file"]);
  expect(r.status).toBe(0);
  return { dir, site };
}

function manifestFiles(site: string): string[] {
  return (JSON.parse(fs.readFileSync(path.join(site, ".nnlab-export.json"), "utf8")) as { files: string[] }).files;
}

describe("nnlab export: usage errors (exit 2)", () => {
  test.each([
    [[BASICS], /--out <dir> is required/],
    [["--out", "x"], /no notebooks given/],
    [[BASICS, "--out", "x", "--timeout", "5"], /--timeout only applies with --execute/],
    [[BASICS, "--out", "x", "--execute", "--timeout", "0"], /--timeout must be a positive number of seconds, got "0"/],
    [[BASICS, "--out", "x", "--execute", "--timeout"], /--timeout must be a positive number of seconds, got nothing/],
    [[BASICS, "--out", "x", "--execute", "--timeout=soon"], /got "soon"/],
    [[BASICS, "--out", "x", "--fast"], /unknown option --fast/],
  ])("nnlab export %j", (args, message) => {
    const dir = tempDir();
    const r = nnlab(["export", ...args], { cwd: dir });
    expect(r.status).toBe(2);
    expect(expectOneLine(r)).toMatch(message);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe("nnlab export: the user's files", () => {
  test("a second export into the folder keeps the user's own files and folders", () => {
    const { site } = exported();
    fs.writeFileSync(path.join(site, "notes.txt"), "mine");
    fs.mkdirSync(path.join(site, "extra"));
    fs.writeFileSync(path.join(site, "extra", "data.csv"), "1,2");
    const r = nnlab(["export", CHARTS, "--out", site, "--single-file"]);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(site, "notes.txt"), "utf8")).toBe("mine");
    expect(fs.readFileSync(path.join(site, "extra", "data.csv"), "utf8")).toBe("1,2");
    expect(fs.existsSync(path.join(site, "02-charts.html"))).toBe(true);
    expect(fs.existsSync(path.join(site, "01-basics.html"))).toBe(false); // the earlier export's own page: replaced
    expect(manifestFiles(site)).toEqual(["02-charts.html", "index.html"]);
  });

  test("a notebook inside the output folder (an earlier export's) is refused; nothing changes", () => {
    const { site } = exported();
    const nb = copyNotebook(BASICS, site, "lesson.ipynb");
    const before = record(site);
    const r = nnlab(["export", nb, "--out", site]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(
      /nnlab export: --out .*site holds the notebook .*lesson\.ipynb being exported; choose an output folder outside/,
    );
    expect(record(site)).toEqual(before);
  });

  test("--out . in the notebooks' own folder is refused; nothing changes", () => {
    const dir = tempDir();
    copyNotebook(BASICS, dir);
    fs.writeFileSync(path.join(dir, "README.md"), "mine");
    const before = record(dir);
    const r = nnlab(["export", "01-basics.ipynb", "--out", "."], { cwd: dir });
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/holds the notebook 01-basics\.ipynb being exported/);
    expect(record(dir)).toEqual(before);
  });

  test("a notebook reached through a symlinked --out is still recognized as inside it", () => {
    const { dir, site } = exported();
    const nb = copyNotebook(BASICS, site, "lesson.ipynb");
    fs.symlinkSync(site, path.join(dir, "alias"));
    const before = record(site);
    const r = nnlab(["export", nb, "--out", path.join(dir, "alias")]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/holds the notebook/);
    expect(record(site)).toEqual(before);
  });

  test("a folder nnlab did not export is refused; nothing changes", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "thesis.tex"), "precious");
    const before = record(dir);
    const r = nnlab(["export", BASICS, "--out", dir]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/is a folder that nnlab did not export .*refusing to replace it\. Choose a new or empty folder/);
    expect(record(dir)).toEqual(before);
  });

  test("--out naming a file: exit 1, the file untouched", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "site"), "a file");
    const before = record(dir);
    const r = nnlab(["export", BASICS, "--out", path.join(dir, "site")]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/--out .*site exists and is not a folder/);
    expect(record(dir)).toEqual(before);
  });

  test("a user's file where the new export would write a page is refused; nothing changes", () => {
    const { site } = exported();
    fs.writeFileSync(path.join(site, "02-charts.html"), "my own page");
    const before = record(site);
    const r = nnlab(["export", CHARTS, "--out", site, "--single-file"]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/holds 02-charts\.html, which no earlier export wrote; refusing to replace it\. Move it away/);
    expect(record(site)).toEqual(before);
  });

  test("a read-only page of the earlier export is refused and left whole; nothing changes", () => {
    const { site } = exported();
    fs.chmodSync(path.join(site, "index.html"), 0o444);
    const before = record(site);
    const r = nnlab(["export", BASICS, "--out", site, "--single-file"]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/index\.html is read-only; nothing was changed/);
    expect(record(site)).toEqual(before);
  });

  test("a damaged manifest is refused; nothing changes", () => {
    const { site } = exported();
    fs.writeFileSync(path.join(site, ".nnlab-export.json"), "{ torn");
    const before = record(site);
    const r = nnlab(["export", BASICS, "--out", site]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/\.nnlab-export\.json is damaged/);
    expect(record(site)).toEqual(before);
  });

  test("a manifest pointing outside the folder is refused; the file outside survives", () => {
    const { dir, site } = exported();
    fs.writeFileSync(path.join(dir, "outside.txt"), "keep");
    fs.writeFileSync(path.join(site, ".nnlab-export.json"), JSON.stringify({ files: ["../outside.txt", "index.html"] }));
    const r = nnlab(["export", BASICS, "--out", site]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/is not an export manifest/);
    expect(fs.readFileSync(path.join(dir, "outside.txt"), "utf8")).toBe("keep");
  });

  test("an export from before the manifest (.nnlab-export marker): its pages are replaced, the user's files kept", () => {
    const { site } = exported();
    fs.rmSync(path.join(site, ".nnlab-export.json"));
    fs.writeFileSync(path.join(site, ".nnlab-export"), "old marker");
    fs.writeFileSync(path.join(site, "notes.txt"), "mine");
    const r = nnlab(["export", BASICS, "--out", site, "--single-file"]);
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(site, "notes.txt"), "utf8")).toBe("mine");
    expect(fs.existsSync(path.join(site, ".nnlab-export"))).toBe(false);
    expect(manifestFiles(site)).toEqual(["01-basics.html", "index.html"]);
  });

  test("--out a symlink to a folder: written through, the link stays", () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "real"));
    fs.symlinkSync("real", path.join(dir, "link"));
    const r = nnlab(["export", BASICS, "--out", path.join(dir, "link"), "--single-file"]);
    expect(r.status).toBe(0);
    expect(fs.lstatSync(path.join(dir, "link")).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.join(dir, "real", "01-basics.html"))).toBe(true);
  });

  test("a failed export (a broken notebook) leaves the earlier site whole", () => {
    const { dir, site } = exported();
    fs.writeFileSync(path.join(dir, "broken.ipynb"), '{"nbformat": 4, "cells": [');
    const before = record(site);
    const r = nnlab(["export", BASICS, path.join(dir, "broken.ipynb"), "--out", site]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/broken\.ipynb/);
    expect(record(site)).toEqual(before);
    expect(fs.readdirSync(dir).sort()).toEqual(["broken.ipynb", "site"]);
  });
});

describe("nnlab export: unwritable places", () => {
  test("an --out in an unwritable folder: exit 1, permission denied in one line, nothing created", () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    const locked = path.join(dir, "locked");
    fs.mkdirSync(locked, { mode: 0o555 });
    fs.chmodSync(locked, 0o555);
    const nb = copyNotebook(BASICS, dir);
    fs.chmodSync(nb, 0o644);
    const r = nnlab(["export", nb, "--out", path.join(locked, "site")], { unprivileged: true });
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/^nnlab export: .*locked.*permission denied \(EACCES\)/);
    expect(fs.readdirSync(locked)).toEqual([]);
  });
});

describe("nnlab export --execute: a time limit", () => {
  test("--timeout stops a hanging cell: exit 1, the cell named, no site, the notebook unchanged", () => {
    const dir = tempDir();
    copyNotebook(path.join(PY_NOTEBOOKS, "slow.ipynb"), dir);
    const before = record(dir);
    const r = nnlab(["export", "slow.ipynb", "--out", "site", "--execute", "--timeout", "1"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nnlab export: slow\.ipynb: cell 2 of 3 timed out after 1 s/);
    expect(record(dir)).toEqual(before);
  });
});
