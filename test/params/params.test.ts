import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs-core";
import { DataFileError, ParamsMismatchError } from "../../lib/errors";
import { PARAMS_MAGIC, loadParams, readParamsFile, saveParams, type ParamsOwner } from "../../lib/params";
import { Rng } from "../../lib/random";

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-params-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface TinyNet extends ParamsOwner {
  dispose(): void;
}

/** A Net-shaped object: only name, params() and state() matter to save/load. */
function tinyNet(
  seed: number,
  shapes: Record<string, number[]> = { "Conv1.W": [4, 1, 3, 3], "Conv1.b": [4], "Affine2.W": [6, 3], "Affine2.b": [3] },
  state: Record<string, number[]> = { "BatchNorm1.runningMean": [5] },
): TinyNet {
  const rng = new Rng(seed);
  const mk = (shape: number[]) => tf.variable(tf.tensor(rng.normalArray(shape.reduce((a, b) => a * b, 1)), shape));
  const params = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, mk(s)]));
  const st = Object.fromEntries(Object.entries(state).map(([k, s]) => [k, mk(s)]));
  return {
    name: "TinyNet",
    params: () => params,
    state: () => st,
    dispose: () => tf.dispose([...Object.values(params), ...Object.values(st)]),
  };
}

function snapshot(net: ParamsOwner): Record<string, number[]> {
  const all = { ...net.params(), ...net.state() };
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, Array.from(v.dataSync())]));
}

describe("saveParams / loadParams", () => {
  test("round trip: a second net gets exactly the first net's values, params and state", () => {
    const a = tinyNet(1);
    const b = tinyNet(2);
    const file = path.join(tmp, "roundtrip.nnparams");
    const n = saveParams(a, file);
    expect(fs.statSync(file).size).toBe(n);
    expect(snapshot(b)).not.toEqual(snapshot(a));
    const before = tf.memory().numTensors;
    const header = loadParams(b, file);
    expect(tf.memory().numTensors).toBe(before);
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(header.net).toBe("TinyNet");
    expect(header.tensors.map((t) => `${t.name}:${t.kind}`)).toEqual([
      "Conv1.W:param",
      "Conv1.b:param",
      "Affine2.W:param",
      "Affine2.b:param",
      "BatchNorm1.runningMean:state",
    ]);
    expect(fs.readdirSync(tmp).filter((f) => f.includes(".tmp-"))).toEqual([]);
    a.dispose();
    b.dispose();
  });

  test("the bytes follow FORMAT.md: magic, LE header length, JSON, LE float32 data", () => {
    const a = tinyNet(3);
    const file = path.join(tmp, "format.nnparams");
    saveParams(a, file);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 8).toString("latin1")).toBe(PARAMS_MAGIC);
    const h = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.subarray(12, 12 + h).toString("utf8"));
    expect(header.format).toBe("nnlab-params");
    expect(header.version).toBe(1);
    const b = header.tensors.find((t: { name: string }) => t.name === "Affine2.b");
    expect(b.shape).toEqual([3]);
    const start = 12 + h + b.offset;
    const fromBytes = [0, 1, 2].map((i) => bytes.readFloatLE(start + 4 * i));
    expect(fromBytes).toEqual(Array.from(a.params()["Affine2.b"].dataSync()));
    expect(readParamsFile(file).values.get("Affine2.b")).toEqual(a.params()["Affine2.b"].dataSync());
    a.dispose();
  });

  test("a mismatched net gets every difference listed and keeps its values", () => {
    const saved = tinyNet(4, { "Conv1.W": [16, 1, 3, 3], "Affine2.W": [6, 3], "Extra.b": [2] }, {});
    const file = path.join(tmp, "mismatch.nnparams");
    saveParams(saved, file);
    const other = tinyNet(5, { "Conv1.W": [16, 1, 5, 5], "Affine2.W": [6, 3], "Affine3.W": [3, 3] }, { "BatchNorm1.runningMean": [5] });
    const before = snapshot(other);
    let err: unknown;
    try {
      loadParams(other, file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParamsMismatchError);
    expect((err as ParamsMismatchError).differences).toEqual([
      "Conv1.W: shape [16, 1, 3, 3] in file, [16, 1, 5, 5] in net",
      "Affine3.W: missing from file",
      "BatchNorm1.runningMean: missing from file",
      "Extra.b: not in net",
    ]);
    expect((err as Error).message).toContain("nothing was loaded, the net is unchanged");
    // Affine2.W matched, but it must not have been assigned either.
    expect(snapshot(other)).toEqual(before);
    saved.dispose();
    other.dispose();
  });

  test("param vs state mismatch is a difference", () => {
    const a = tinyNet(6, { "X.W": [2] }, { "X.s": [2] });
    const b = tinyNet(7, { "X.W": [2], "X.s": [2] }, {});
    const file = path.join(tmp, "kind.nnparams");
    saveParams(a, file);
    expect(() => loadParams(b, file)).toThrow("X.s: a state in file, a param in net");
    a.dispose();
    b.dispose();
  });

  test("truncated, garbage, wrong version, bad offsets and missing files are DataFileErrors; the net is unchanged", () => {
    const a = tinyNet(8);
    const b = tinyNet(9);
    const good = path.join(tmp, "good.nnparams");
    saveParams(a, good);
    const bytes = fs.readFileSync(good);
    const before = snapshot(b);
    const h = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.subarray(12, 12 + h).toString("utf8"));
    const withHeader = (mutate: (hd: typeof header) => void): Buffer => {
      const hd = JSON.parse(JSON.stringify(header));
      mutate(hd);
      const json = Buffer.from(JSON.stringify(hd));
      const lenBuf = Buffer.alloc(4);
      lenBuf.writeUInt32LE(json.length);
      return Buffer.concat([bytes.subarray(0, 8), lenBuf, json, bytes.subarray(12 + h)]);
    };
    const cases: [string, Buffer, string | RegExp][] = [
      ["truncated", bytes.subarray(0, bytes.length - 7), /expected \d+ bytes \(header \d+, data \d+\), got \d+ \(truncated\)/],
      ["tiny", bytes.subarray(0, 5), "expected at least 12 bytes, got 5"],
      ["garbage", Buffer.from("hello world, this is not a parameter file"), 'expected the magic "NNLABPRM" at the start, got "hello wo"'],
      [
        "headerlen",
        Buffer.concat([bytes.subarray(0, 8), Buffer.from([255, 255, 0, 0]), bytes.subarray(12, 40)]),
        /the header claims 65535 bytes/,
      ],
      [
        "json",
        Buffer.concat([bytes.subarray(0, 12), Buffer.from("{".padEnd(h, " ")), bytes.subarray(12 + h)]),
        /the header is not valid JSON/,
      ],
      ["version", withHeader((hd) => (hd.version = 2)), "expected version 1, got 2"],
      ["offset", withHeader((hd) => (hd.tensors[1].offset += 4)), /tensor 1 "Conv1.b": offset \d+, expected \d+/],
      [
        "shape",
        withHeader((hd) => (hd.tensors[0].shape = [4, 1, 3, 2])),
        /byteLength 144 does not fit shape \[4, 1, 3, 2\] \(expected 96\)/,
      ],
    ];
    for (const [name, content, message] of cases) {
      const f = path.join(tmp, `bad-${name}.nnparams`);
      fs.writeFileSync(f, content);
      let err: unknown;
      try {
        loadParams(b, f);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DataFileError);
      expect((err as DataFileError).file).toBe(f);
      expect((err as Error).message).toMatch(message);
    }
    expect(() => loadParams(b, path.join(tmp, "absent.nnparams"))).toThrow(DataFileError);
    expect(() => loadParams(b, path.join(tmp, "absent.nnparams"))).toThrow("cannot read the file (ENOENT)");
    expect(snapshot(b)).toEqual(before);
    a.dispose();
    b.dispose();
  });

  test("a failing save leaves the old file byte-identical and no temp file", () => {
    const a = tinyNet(10);
    const file = path.join(tmp, "atomic.nnparams");
    saveParams(a, file);
    const old = fs.readFileSync(file);

    // A tensor that cannot be read: the second save fails before the disk is touched.
    const b = tinyNet(11);
    const broken = b.params()["Affine2.W"];
    Object.defineProperty(broken, "dataSync", {
      value: () => {
        throw new Error("device lost");
      },
    });
    expect(() => saveParams(b, file)).toThrow("device lost");
    expect(fs.readFileSync(file).equals(old)).toBe(true);

    // The rename fails (the target is a non-empty directory): the temp file was written and
    // fsynced, and is removed again.
    const dirTarget = path.join(tmp, "is-a-dir");
    fs.mkdirSync(dirTarget);
    fs.writeFileSync(path.join(dirTarget, "keep"), "x");
    expect(() => saveParams(a, dirTarget)).toThrow(/saveParams: could not write .*is-a-dir .*any previous file is unchanged/);
    expect(fs.readFileSync(path.join(dirTarget, "keep"), "utf8")).toBe("x");

    // A folder that does not exist.
    expect(() => saveParams(a, path.join(tmp, "no", "such", "dir", "p.nnparams"))).toThrow(/could not write/);
    expect(fs.readdirSync(tmp).filter((f) => f.includes(".tmp-"))).toEqual([]);
    expect(fs.readFileSync(file).equals(old)).toBe(true);
    a.dispose();
    b.dispose();
  });

  test("argument errors", () => {
    const a = tinyNet(12);
    expect(() => saveParams({} as ParamsOwner, path.join(tmp, "x"))).toThrow("saveParams: net must be a Net (with params() and state())");
    expect(() => saveParams(a, "")).toThrow(TypeError);
    expect(() => loadParams(null as unknown as ParamsOwner, "x")).toThrow(TypeError);
    a.dispose();
  });
});
