/**
 * Keeps the kernel process alive whatever a cell's asynchronous work throws.
 *
 * Node ends a process on an uncaught exception or unhandled rejection unless a listener for
 * that event exists, and also when a listener itself throws or calls process.exit. Libraries
 * add such listeners: the wasm backend's Emscripten runtime adds `uncaughtException` and
 * `unhandledRejection` listeners that rethrow ("throw ex" / "throw reason"), and adds them
 * again each time a backend instance is created (a learner's `tf.setBackend("wasm")` after a
 * `removeBackend`), so a listener of our own is not enough.
 *
 * The mechanism: our listener goes first and hands the error to the kernel's sink; every
 * other listener for these two events, whether it was there before the guard or is added
 * later through any of process.on / addListener / prependListener / once /
 * prependOnceListener, is wrapped so that what it throws is caught and a process.exit it
 * calls is refused. Wrapping (rather than dropping foreign listeners) keeps what such a
 * listener does besides crashing, and the wrapper carries `.listener`, so the library's own
 * `process.removeListener(event, itsListener)` and `process.listeners(event)` still see its
 * function (Emscripten's dispose relies on both). The guard's own listener cannot be removed
 * by anyone else (Emscripten's dispose removes every listener of these events, ours included).
 * The alternative, removing foreign listeners
 * whenever one is added, would silently drop their side effects and depends on catching every
 * way a listener gets in; wrapping at the entry points does not.
 */

import * as fs from "fs";

/** The two process events that end a process when nothing handles them. */
export const GUARDED_EVENTS = ["uncaughtException", "unhandledRejection"] as const;

/** Which of {@link GUARDED_EVENTS} delivered an error. */
export type LateErrorOrigin = (typeof GUARDED_EVENTS)[number];

/** Receives every error that nothing caught; it must not throw (what it throws is logged). */
export type LateErrorSink = (error: unknown, origin: LateErrorOrigin) => void;

/** The part of `process` the guard touches (a plain EventEmitter with an `exit` in unit tests). */
export interface GuardedProcess extends NodeJS.EventEmitter {
  exit(code?: number | string | null): never;
}

/** Thrown in place of process.exit while a foreign listener runs. */
class RefusedExit extends Error {
  constructor(readonly code: unknown) {
    super(`process.exit(${String(code)}) refused: a listener for an uncaught error tried to end the kernel`);
    this.name = "RefusedExit";
  }
}

type Listener = (...args: unknown[]) => unknown;
const ADDERS = ["on", "addListener", "prependListener", "once", "prependOnceListener"] as const;
const REMOVERS = ["removeListener", "off", "removeAllListeners"] as const;

function isGuarded(event: string | symbol): event is LateErrorOrigin {
  return (GUARDED_EVENTS as readonly (string | symbol)[]).includes(event);
}

/**
 * Installs the guard on `target` (the process by default): from now on uncaught exceptions
 * and unhandled rejections go to `sink` and never end the process. Returns a function that
 * removes the guard (tests use it; the kernel keeps it for its whole life).
 *
 * @example
 * guardLateErrors((e, origin) => showInNextCell(e, origin));
 */
export function guardLateErrors(sink: LateErrorSink, target: GuardedProcess = process): () => void {
  const proto = Object.getPrototypeOf(target) as Record<(typeof ADDERS)[number] | (typeof REMOVERS)[number], Listener>;
  const report = (error: unknown, origin: LateErrorOrigin): void => {
    try {
      sink(error, origin);
    } catch (e) {
      // The sink is the kernel's output path; if it fails, the kernel's own log is all that is left.
      fs.writeSync(2, `nnlab kernel: could not report a late error: ${String((e as Error)?.stack ?? e)}\n`);
    }
  };
  const own: Record<LateErrorOrigin, Listener> = {
    uncaughtException: (error) => report(error, "uncaughtException"),
    unhandledRejection: (reason) => report(reason, "unhandledRejection"),
  };
  const wrappers = new WeakSet<Listener>();

  const neutralize = (event: LateErrorOrigin, listener: Listener): Listener => {
    if (wrappers.has(listener) || Object.values(own).includes(listener)) return listener;
    const wrapper = function (this: unknown, ...args: unknown[]): void {
      const exit = Object.getOwnPropertyDescriptor(target, "exit");
      const refuse = (code?: unknown): never => {
        throw new RefusedExit(code);
      };
      target.exit = refuse;
      try {
        listener.apply(this, args);
      } catch (thrown) {
        // Rethrowing the error it was given is what makes such a listener fatal: our own listener
        // has reported that error already. Anything else it throws is news: report it too.
        if (thrown instanceof RefusedExit) report(thrown, event);
        else if (thrown !== args[0]) report(thrown, event);
      } finally {
        if (exit) Object.defineProperty(target, "exit", exit);
        else delete (target as Partial<GuardedProcess>).exit;
      }
    };
    (wrapper as Listener & { listener: Listener }).listener = listener;
    wrappers.add(wrapper);
    return wrapper;
  };

  const add = proto.on;
  const added: Partial<Record<(typeof ADDERS)[number] | (typeof REMOVERS)[number], PropertyDescriptor | undefined>> = {};
  for (const name of ADDERS) {
    added[name] = Object.getOwnPropertyDescriptor(target, name);
    const original = (target as unknown as Record<string, Listener>)[name];
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: function (this: unknown, event: string | symbol, listener: Listener) {
        return original.call(this, event, isGuarded(event) ? neutralize(event, listener) : listener);
      },
    });
  }
  // Nobody else removes the guard's own listener: Emscripten's dispose removes every listener
  // of these events, not only its own (its filter `!a.indexOf(l) > -1` is always true), and
  // removeAllListeners("uncaughtException") would do the same.
  for (const name of REMOVERS) {
    added[name] = Object.getOwnPropertyDescriptor(target, name);
    const original = (target as unknown as Record<string, Listener>)[name];
    Object.defineProperty(target, name, {
      configurable: true,
      writable: true,
      value: function (this: unknown, event?: string | symbol, listener?: Listener) {
        if (name !== "removeAllListeners" && event !== undefined && isGuarded(event) && listener === own[event]) return this;
        const result = original.call(this, event, listener);
        for (const e of GUARDED_EVENTS) if (event === undefined || event === e) prependOwn(e);
        return result;
      },
    });
  }

  function prependOwn(event: LateErrorOrigin): void {
    if (!target.rawListeners(event).includes(own[event])) proto.prependListener.call(target, event, own[event]);
  }

  // Listeners present before the guard (a backend initialized earlier) are wrapped in place.
  for (const event of GUARDED_EVENTS) {
    for (const raw of target.rawListeners(event) as Listener[]) {
      if (wrappers.has(raw)) continue;
      const original = (raw as Listener & { listener?: Listener }).listener ?? raw;
      const once = raw !== original;
      proto.removeListener.call(target, event, original);
      (once ? proto.once : add).call(target, event, neutralize(event, original));
    }
    prependOwn(event);
  }

  return () => {
    for (const event of GUARDED_EVENTS) proto.removeListener.call(target, event, own[event]);
    for (const [name, descriptor] of Object.entries(added)) {
      if (descriptor) Object.defineProperty(target, name, descriptor);
      else delete (target as unknown as Record<string, unknown>)[name];
    }
  };
}
