/**
 * A notebook's own TypeScript modules (`import { double } from "./helper"` with helper.ts beside
 * the notebook). The cell compiler type-checks them with the cell and emits their JavaScript as
 * side outputs that exist only in memory, so Node's require cannot find them on disk. The cells'
 * require looks there first, as tslab's executor does. When the compiler emits a module again
 * (its file was edited), the cells that import next get fresh copies of all of them; names that
 * earlier cells imported keep the old code.
 */
import Module from "module";
import * as path from "path";
// One emitted module: the path its .js would have beside its .ts, and its CommonJS code.
import type { SideOutput } from "tslab/dist/converter";

/** Node's Module internals this needs (not in @types/node). */
interface LoadableModule extends NodeJS.Module {
  _compile(code: string, filename: string): void;
}
type ModuleInternals = typeof Module & { _nodeModulePaths(dir: string): string[] };

/** The side outputs of a session and the modules loaded from them. */
export class SideModules {
  private readonly code = new Map<string, string>();
  private readonly loaded = new Map<string, NodeJS.Module>();

  /**
   * Takes what a cell's compilation emitted besides the cell. Any new code unloads every side
   * module: one loaded before holds the exports of the old copy it imported, so reloading only the
   * edited file would leave its importers on the old code.
   */
  update(outputs: readonly SideOutput[] | undefined): void {
    if (outputs === undefined || outputs.length === 0) return;
    this.loaded.clear();
    for (const out of outputs) this.code.set(out.path, out.data);
  }

  /**
   * `base` with the side modules found first; relative ids resolve against `dir`.
   *
   * @example
   * const req = sides.wrap(Module.createRequire("/nb/[notebook].js"), "/nb");
   * req("./helper"); // helper.ts's emitted code, once the cell compiler has emitted it
   */
  wrap(base: NodeJS.Require, dir: string): NodeJS.Require {
    return new Proxy(base, {
      apply: (target, thisArg, args: unknown[]) => {
        const id = args[0];
        if (args.length === 1 && typeof id === "string" && (id.startsWith("./") || id.startsWith("../"))) {
          const found = this.load(path.resolve(dir, path.extname(id) === "" ? `${id}.js` : id));
          if (found !== undefined) return found;
        }
        return Reflect.apply(target, thisArg, args) as unknown;
      },
    });
  }

  private load(filename: string): unknown {
    const cached = this.loaded.get(filename);
    if (cached !== undefined) return cached.exports;
    const code = this.code.get(filename);
    if (code === undefined) return undefined;
    const mod = new Module(filename, module) as LoadableModule;
    mod.filename = filename;
    mod.paths = (Module as ModuleInternals)._nodeModulePaths(path.dirname(filename));
    // A side module's own imports may be side modules too.
    mod.require = this.wrap(mod.require.bind(mod) as NodeJS.Require, path.dirname(filename));
    // Registered before it runs, so an import cycle gets the partial exports, as Node's require does.
    this.loaded.set(filename, mod);
    try {
      mod._compile(code, filename);
    } catch (e) {
      this.loaded.delete(filename);
      throw e;
    }
    mod.loaded = true;
    return mod.exports;
  }
}
