/**
 * guardLateErrors: uncaught errors reach the sink and never end the process, whatever
 * listeners other code adds for them. First on a stand-in emitter (every entry point, exactly
 * what is reported), then in a real Node process with the real wasm backend initialized twice
 * (its Emscripten runtime adds rethrowing listeners each time).
 */
import { spawnSync } from "child_process";
import { EventEmitter } from "events";
import * as fs from "fs";
import * as path from "path";
import { guardLateErrors, type GuardedProcess, type LateErrorOrigin } from "../../kernel/server/guardLateErrors";

/** An emitter with process's exit, so a listener that calls exit can be observed. */
function fakeProcess(): GuardedProcess & { exits: unknown[] } {
  const emitter = new EventEmitter() as unknown as GuardedProcess & { exits: unknown[] };
  emitter.exits = [];
  emitter.exit = (code?: unknown): never => {
    emitter.exits.push(code);
    return undefined as never;
  };
  return emitter;
}

/** Emscripten's listeners, as tf-backend-wasm.node.js adds them. */
const rethrowError = (ex: unknown) => {
  throw ex;
};
const rethrowReason = (reason: unknown) => {
  throw reason;
};

describe("guardLateErrors on a stand-in process", () => {
  let target: ReturnType<typeof fakeProcess>;
  let seen: [unknown, LateErrorOrigin][];
  let uninstall: () => void;
  beforeEach(() => {
    target = fakeProcess();
    seen = [];
  });
  afterEach(() => uninstall?.());

  it("reports an error once even when a listener that was there before the guard rethrows it", () => {
    target.on("uncaughtException", rethrowError);
    uninstall = guardLateErrors((e, origin) => seen.push([e, origin]), target);
    const boom = new Error("boom");
    expect(() => target.emit("uncaughtException", boom)).not.toThrow();
    expect(seen).toEqual([[boom, "uncaughtException"]]);
  });

  it.each(["on", "addListener", "prependListener", "once", "prependOnceListener"] as const)(
    "neutralizes a rethrowing listener added later through process.%s",
    (method) => {
      uninstall = guardLateErrors((e, origin) => seen.push([e, origin]), target);
      target[method]("unhandledRejection", rethrowReason);
      const reason = new Error("r");
      expect(() => target.emit("unhandledRejection", reason, Promise.resolve())).not.toThrow();
      expect(seen).toEqual([[reason, "unhandledRejection"]]);
    },
  );

  it("refuses process.exit from a listener and reports the attempt", () => {
    uninstall = guardLateErrors((e, origin) => seen.push([e, origin]), target);
    target.on("uncaughtException", () => target.exit(7));
    const boom = new Error("boom");
    target.emit("uncaughtException", boom);
    expect(target.exits).toEqual([]);
    expect(seen.map(([e]) => (e as Error).message)).toEqual(["boom", expect.stringContaining("process.exit(7) refused")]);
    // exit works again outside the listener
    target.exit(0);
    expect(target.exits).toEqual([0]);
  });

  it("reports a different error a listener throws by mistake", () => {
    uninstall = guardLateErrors((e, origin) => seen.push([e, origin]), target);
    target.on("uncaughtException", () => {
      throw new TypeError("listener bug");
    });
    target.emit("uncaughtException", new Error("first"));
    expect(seen.map(([e]) => (e as Error).message)).toEqual(["first", "listener bug"]);
  });

  it("lets a library remove its own listener by its own function and list it as its own", () => {
    uninstall = guardLateErrors((e, origin) => seen.push([e, origin]), target);
    target.on("uncaughtException", rethrowError);
    expect(target.listeners("uncaughtException")).toContain(rethrowError);
    target.removeListener("uncaughtException", rethrowError);
    expect(target.listeners("uncaughtException")).not.toContain(rethrowError);
    expect(target.listenerCount("uncaughtException")).toBe(1); // the guard's own
  });

  it("keeps its own listener when a library removes every listener it finds (Emscripten's dispose does)", () => {
    uninstall = guardLateErrors((e, origin) => seen.push([e, origin]), target);
    target.on("uncaughtException", rethrowError);
    for (const l of target.listeners("uncaughtException")) target.removeListener("uncaughtException", l as (...a: unknown[]) => void);
    for (const l of target.listeners("uncaughtException")) target.off("uncaughtException", l as (...a: unknown[]) => void);
    const boom = new Error("after dispose");
    expect(() => target.emit("uncaughtException", boom)).not.toThrow();
    expect(seen).toEqual([[boom, "uncaughtException"]]);
  });

  it("stays installed after removeAllListeners", () => {
    uninstall = guardLateErrors((e, origin) => seen.push([e, origin]), target);
    target.removeAllListeners("uncaughtException");
    target.removeAllListeners();
    const boom = new Error("still caught");
    expect(() => target.emit("uncaughtException", boom)).not.toThrow();
    expect(seen).toEqual([[boom, "uncaughtException"]]);
  });

  it("leaves other events alone and restores everything when uninstalled", () => {
    uninstall = guardLateErrors((e, origin) => seen.push([e, origin]), target);
    target.on("custom", rethrowError);
    expect(() => target.emit("custom", new Error("not guarded"))).toThrow("not guarded");
    uninstall();
    expect(target.listenerCount("uncaughtException")).toBe(0);
    expect(Object.prototype.hasOwnProperty.call(target, "on")).toBe(false);
  });
});

describe("guardLateErrors in a real Node process with the wasm backend", () => {
  const guard = path.resolve(__dirname, "../../dist/kernel/server/guardLateErrors.js");
  const lib = path.resolve(__dirname, "../../dist/lib/index.js");

  it("survives a timer throw and an unhandled rejection after the wasm backend is initialized twice", () => {
    if (!fs.existsSync(guard)) throw new Error(`${guard} is missing: run npm run build before these tests`);
    // The child prints what the sink saw and exits 0 only if it is still alive at the end.
    const script = `
      const { guardLateErrors } = require(${JSON.stringify(guard)});
      const seen = [];
      guardLateErrors((e, origin) => {
        seen.push(origin + ": " + e.message);
        if (seen.length === 4) finish();
      });
      const nn = require(${JSON.stringify(lib)});
      const tf = nn.tf;
      function finish() {
        console.log(JSON.stringify({ seen, listeners: process.listenerCount("uncaughtException"), backend: tf.getBackend() }));
        process.exit(0);
      }
      (async () => {
        await nn.initBackend();
        // Again: a fresh wasm module, whose Emscripten runtime adds its listeners once more.
        const factory = tf.findBackendFactory("wasm");
        tf.removeBackend("wasm");
        tf.registerBackend("wasm", factory);
        if (!(await tf.setBackend("wasm"))) throw new Error("wasm did not initialize again");
        setTimeout(() => { throw new Error("late timer"); }, 10);
        Promise.reject(new Error("unhandled"));
        tf.tensor([1, 2]).data().then(() => { throw new Error("in data().then"); });
        setTimeout(() => tf.tidy(() => { throw new Error("in tidy"); }), 20);
      })();
    `;
    const r = spawnSync(process.execPath, ["-e", script], {
      encoding: "utf8",
      env: { ...process.env, NNLAB_BACKEND: "wasm", NNLAB_QUIET_BACKEND: "1" },
      timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`the child process ended with ${r.status ?? r.signal}; stderr:\n${r.stderr}`);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { seen: string[]; listeners: number; backend: string };
    expect(out.backend).toBe("wasm");
    expect(out.seen.sort()).toEqual(
      [
        "uncaughtException: late timer",
        "uncaughtException: in tidy",
        "unhandledRejection: in data().then",
        "unhandledRejection: unhandled",
      ].sort(),
    );
    // The guard's own listener plus Emscripten's (two inits), all of them harmless now.
    expect(out.listeners).toBeGreaterThanOrEqual(2);
  });
});
