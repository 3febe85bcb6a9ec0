/**
 * The live page's files: what a lesson saves (saveParams in the page's worker) goes to the page
 * as a download and reads back by its name (loadParams), as a file on disk would.
 */
import { siteFiles } from "../../lib/platform/siteFiles";

describe("siteFiles.save", () => {
  it("hands the file to the page by its base name and reads it back by that name", () => {
    const downloads: [string, number[]][] = [];
    siteFiles.configure("https://example.test/site/", [], (name, bytes) => downloads.push([name, Array.from(bytes)]));
    const bytes = new Uint8Array([1, 2, 3]);
    expect(siteFiles.save("out/net.nnparams", bytes)).toBe(true);
    expect(downloads).toEqual([["net.nnparams", [1, 2, 3]]]);
    bytes[0] = 9; // the kept copy is the bytes as saved
    expect(Array.from(siteFiles.read("net.nnparams") ?? [])).toEqual([1, 2, 3]);
    expect(siteFiles.stat("./net.nnparams")).toEqual({ size: 3, mtimeMs: 0, isFile: true });
  });

  it("keeps nothing and says so when no page listens", () => {
    siteFiles.configure("https://example.test/site/", []);
    expect(siteFiles.save("lost.nnparams", new Uint8Array([1]))).toBe(false);
    expect(siteFiles.read("lost.nnparams")).toBeUndefined();
  });
});
