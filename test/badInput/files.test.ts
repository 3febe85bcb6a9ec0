/**
 * Bad input to the library's file writes and reads (saveParams / loadParams and the platform's
 * atomic write under them): a read-only file is refused and left whole, a symlink is written
 * through, a file's mode is kept, a failed write leaves the old file whole, and swapped
 * arguments are named as such in a short message.
 */
import * as fs from "fs";
import * as path from "path";
import { DataFileError, loadParams, saveParams, TwoLayerNet } from "../../lib";
import { platform } from "../../lib/platform";
import { cleanTemp, record, tempDir } from "./helpers";

afterAll(cleanTemp);

const net = new TwoLayerNet(784, 50, 10, { seed: 1 });

/** A folder with a saved params file (mode `mode`); returns its paths. */
function saved(mode = 0o644): { dir: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, "net.nnparams");
  saveParams(new TwoLayerNet(784, 50, 10, { seed: 2 }), file);
  fs.chmodSync(file, mode);
  return { dir, file };
}

describe("saveParams: what is already on disk", () => {
  test("a read-only file is refused, left whole with its mode", () => {
    const { dir, file } = saved(0o444);
    const before = record(dir);
    expect(() => saveParams(net, file)).toThrow(
      /saveParams: could not write .*net\.nnparams .*read-only.*; any previous file is unchanged/,
    );
    expect(record(dir)).toEqual(before);
  });

  test("a writable file keeps its mode (0600 stays 0600)", () => {
    const { file } = saved(0o600);
    saveParams(net, file);
    expect(fs.statSync(file).mode & 0o7777).toBe(0o600);
  });

  test("a symlink is written through: the link stays, the target changes and keeps its mode", () => {
    const { dir, file } = saved(0o640);
    const link = path.join(dir, "latest.nnparams");
    fs.symlinkSync("net.nnparams", link);
    const old = fs.readFileSync(file);
    saveParams(net, link);
    expect(fs.readlinkSync(link)).toBe("net.nnparams");
    expect(fs.readFileSync(file).equals(old)).toBe(false);
    expect(fs.statSync(file).mode & 0o7777).toBe(0o640);
    const other = new TwoLayerNet(784, 50, 10, { seed: 3 });
    loadParams(other, link);
    expect(Array.from(other.params()["Affine1.W"].dataSync().slice(0, 5))).toEqual(
      Array.from(net.params()["Affine1.W"].dataSync().slice(0, 5)),
    );
  });

  test("a chain of two symlinks into another folder is followed to the end", () => {
    const { dir, file } = saved();
    const elsewhere = tempDir();
    fs.symlinkSync(file, path.join(elsewhere, "a.nnparams"));
    fs.symlinkSync("a.nnparams", path.join(elsewhere, "b.nnparams"));
    const old = fs.readFileSync(file);
    saveParams(net, path.join(elsewhere, "b.nnparams"));
    expect(record(elsewhere)).toEqual({
      "a.nnparams": { kind: "link", target: file },
      "b.nnparams": { kind: "link", target: "a.nnparams" },
    });
    expect(fs.readFileSync(file).equals(old)).toBe(false);
    expect(fs.readdirSync(dir)).toEqual(["net.nnparams"]);
  });

  test("a dangling symlink: its target is created, the link stays", () => {
    const dir = tempDir();
    fs.symlinkSync("target.nnparams", path.join(dir, "link.nnparams"));
    saveParams(net, path.join(dir, "link.nnparams"));
    expect(fs.lstatSync(path.join(dir, "link.nnparams")).isSymbolicLink()).toBe(true);
    expect(fs.statSync(path.join(dir, "target.nnparams")).isFile()).toBe(true);
  });

  test("a symlink loop is refused with a clear reason", () => {
    const dir = tempDir();
    fs.symlinkSync("b", path.join(dir, "a"));
    fs.symlinkSync("a", path.join(dir, "b"));
    const before = record(dir);
    expect(() => saveParams(net, path.join(dir, "a"))).toThrow(/could not write .*too many levels of symbolic links/);
    expect(record(dir)).toEqual(before);
  });

  test("a folder as the file is refused; the folder untouched", () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "params"));
    const before = record(dir);
    expect(() => saveParams(net, path.join(dir, "params"))).toThrow(/could not write .*params .*is a folder, not a file/);
    expect(record(dir)).toEqual(before);
  });

  test("a missing folder: refused, nothing created", () => {
    const dir = tempDir();
    expect(() => saveParams(net, path.join(dir, "no", "such", "p.nnparams"))).toThrow(/could not write .*no such file or directory/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test("a write that fails half-way leaves the old file whole (the folder that blocked it is not removed)", () => {
    const { dir, file } = saved();
    // The temporary file's name taken by a folder: the write fails after the checks, before the rename.
    fs.mkdirSync(`${file}.tmp-${process.pid}`);
    const before = fs.readFileSync(file);
    expect(() => saveParams(net, file)).toThrow(/could not write .*; any previous file is unchanged/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(["net.nnparams", `net.nnparams.tmp-${process.pid}`]);
  });
});

describe("saveParams / loadParams: the arguments", () => {
  test("saveParams(file, net) swapped: a TypeError that says so, short (no net dumped)", () => {
    const call = (): number => (saveParams as unknown as (a: unknown, b: unknown) => number)("net.nnparams", net);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(
      /saveParams: the arguments are swapped: call saveParams\(net, file\), got a path first and a TwoLayerNet object second/,
    );
    try {
      call();
    } catch (e) {
      expect((e as Error).message.length).toBeLessThan(200);
    }
  });

  test("loadParams(file, net) swapped: a TypeError that says so; the net unchanged", () => {
    const w = Array.from(net.params()["Affine1.W"].dataSync());
    const call = (): unknown => (loadParams as unknown as (a: unknown, b: unknown) => unknown)("net.nnparams", net);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(/loadParams: the arguments are swapped: call loadParams\(net, file\)/);
    expect(Array.from(net.params()["Affine1.W"].dataSync())).toEqual(w);
  });

  test.each([
    ["", /file must be a non-empty path, got ""/],
    [{ path: "x" }, /file must be a non-empty path, got an object/],
    [42, /file must be a non-empty path, got 42/],
    [undefined, /file must be a non-empty path, got undefined/],
    [null, /file must be a non-empty path, got null/],
  ])("saveParams(net, %p): a TypeError naming the value, short", (file, message) => {
    const call = (): number => saveParams(net, file as string);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(message);
  });

  test("loadParams of a missing file: a DataFileError naming it; the net unchanged", () => {
    const dir = tempDir();
    const w = Array.from(net.params()["Affine1.W"].dataSync());
    expect(() => loadParams(net, path.join(dir, "none.nnparams"))).toThrow(DataFileError);
    expect(() => loadParams(net, path.join(dir, "none.nnparams"))).toThrow(/none\.nnparams.*cannot read the file \(ENOENT\)/);
    expect(Array.from(net.params()["Affine1.W"].dataSync())).toEqual(w);
  });
});

describe("platform.writeFileAtomic", () => {
  test("a read-only file: an EACCES error that says read-only; bytes and mode kept", () => {
    const dir = tempDir();
    const file = path.join(dir, "notes.txt");
    fs.writeFileSync(file, "keep me");
    fs.chmodSync(file, 0o400);
    const before = record(dir);
    expect(() => platform.writeFileAtomic(file, Buffer.from("new"))).toThrow(expect.objectContaining({ code: "EACCES" }));
    expect(() => platform.writeFileAtomic(file, Buffer.from("new"))).toThrow(/notes\.txt is read-only; left unchanged/);
    expect(record(dir)).toEqual(before);
  });
});
