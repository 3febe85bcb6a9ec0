/**
 * The kernel's library loader (kernel/engine/library.ts): which compiled cells wait for the
 * library, and which code counts as the load's own (its output goes to the kernel's log).
 */
import { KernelLibrary, mayLoadModules } from "../../kernel/engine/library";

describe("mayLoadModules", () => {
  test("a cell that can load a module waits for the library; one that cannot, does not", () => {
    expect(mayLoadModules('const nn = __importStar(require("nnlab"));')).toBe(true);
    expect(mayLoadModules('const m = await import("./helper");')).toBe(true);
    expect(mayLoadModules("function f() { return require ( 'fs' ); }")).toBe(true);
    expect(mayLoadModules("exports.x = 1 + 1;")).toBe(false);
    expect(mayLoadModules("const required = 3; const importance = required * 2;")).toBe(false);
  });
});

describe("KernelLibrary", () => {
  test("loads once, runs its hooks inside the load, and code running beside it is not the load's", async () => {
    const library = new KernelLibrary();
    const inHook: boolean[] = [];
    library.onLoad(() => {
      inHook.push(library.inLoad);
    });
    expect(library.loaded).toBeUndefined();
    const loading = library.load();
    expect(library.load()).toBe(loading);
    // A cell running while the library loads in the background: its output is its own.
    const beside: boolean[] = [];
    const cell = (async () => {
      for (let i = 0; i < 5; i++) {
        beside.push(library.inLoad);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const [loaded] = await Promise.all([loading, cell]);
    expect(inHook).toEqual([true]);
    expect(beside).toEqual([false, false, false, false, false]);
    expect(library.inLoad).toBe(false);
    expect(library.loaded).toBe(loaded);
    expect(["wasm", "cpu", "node"]).toContain(loaded.backend.name);
    expect(loaded.mimeBundle("text")).toEqual({ "text/plain": "text" });
  });
});
