/**
 * What the kernel does when nobody asks anything of it, a step per idle stretch: load nnlab's
 * library and TF.js (engine/library.ts), then, while no cell has imported anything yet, parse
 * the declaration files a first import needs (snapshot/warmTypes.ts). Each step blocks the main
 * thread (a third of a second, then about 1.4 s); a request that comes meanwhile waits, and one
 * that comes first puts the next step off until the kernel is idle again.
 */
import type { Engine } from "../engine/engine";
import type { KernelLibrary } from "../engine/library";
import { warmLibraryTypes } from "../snapshot/warmTypes";
import { log } from "./log";

/**
 * How long the kernel must have been idle before each step: NNLAB_IDLE_LOAD_MS, default 200;
 * "off" never (then only a cell's import loads the library).
 */
function idleLoadMs(): number | undefined {
  const set = process.env.NNLAB_IDLE_LOAD_MS?.trim();
  if (set === "off") return undefined;
  const ms = set ? Number(set) : 200;
  if (!(ms >= 0)) throw new RangeError(`NNLAB_IDLE_LOAD_MS must be a number of milliseconds or "off", got "${set}"`);
  return ms;
}

export class IdleWork {
  private readonly idleMs = idleLoadMs();
  private timer: NodeJS.Timeout | undefined;
  private typesDone = false;
  private failed = false;

  constructor(
    private readonly library: KernelLibrary,
    private readonly engine: Engine,
  ) {}

  /** The kernel became idle: the next step runs unless a request comes first. */
  idle(): void {
    this.busy();
    if (this.idleMs === undefined || this.failed || (this.library.loaded && this.typesDone)) return;
    // Never what keeps the process alive.
    this.timer = setTimeout(() => this.step(), this.idleMs).unref();
  }

  /** A request came. */
  busy(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private step(): void {
    if (!this.library.loaded) {
      this.library.load().then(
        () => this.idle(),
        (e: unknown) => {
          // A cell that imports gets the same error; trying again would only log it again.
          this.failed = true;
          log(`loading the library failed: ${(e as Error).stack ?? String(e)}`);
        },
      );
      return;
    }
    this.typesDone = true;
    // A cell has imported modules: the compiler has read their types already.
    if (this.engine.hasCompiledImports) return;
    const started = performance.now();
    try {
      const added = warmLibraryTypes(process.cwd());
      if (added !== undefined) {
        log(`parsed ${added} declaration files of nnlab and TF.js ahead in ${Math.round(performance.now() - started)} ms`);
      }
    } catch (e) {
      log(`parsing nnlab's types ahead failed: ${(e as Error).stack ?? String(e)}`);
    }
  }
}
