/**
 * A file's name says what it holds: no two .ts files under lib/ and kernel/ share a base name
 * (index.ts, the folder's re-exports, aside), so "history.ts" in a stack trace, an import or
 * a review means one thing. Names are compared without case, as macOS and Windows do.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

function tsFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : tsFiles(rel);
    return e.name.endsWith(".ts") && e.name !== "index.ts" ? [rel] : [];
  });
}

/** Files grouped by base name, only the names two or more files share; each group sorted. */
function sharedNames(files: readonly string[]): string[][] {
  const byName = new Map<string, string[]>();
  for (const file of files) {
    const name = path.posix.basename(file).toLowerCase();
    byName.set(name, [...(byName.get(name) ?? []), file]);
  }
  return [...byName.values()].filter((group) => group.length > 1).map((group) => group.sort());
}

describe("file names", () => {
  const shared = sharedNames(["lib", "kernel"].flatMap(tsFiles));
  test("no two .ts files under lib/ and kernel/ share a base name", () => {
    // Rename one of each pair for what it does (git mv, so its history follows).
    expect(shared.map((group) => group.join(" & "))).toEqual([]);
  });

  test("the check finds a shared name, in another folder and in another case", () => {
    expect(sharedNames(["lib/a/history.ts", "kernel/b/History.ts", "lib/a/index.ts", "kernel/c/other.ts"])).toEqual([
      ["kernel/b/History.ts", "lib/a/history.ts"],
    ]);
  });
});
