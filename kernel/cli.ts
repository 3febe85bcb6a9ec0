#!/usr/bin/env node
/**
 * The `nnlab` command: a thin dispatcher.
 *   nnlab kernel install [--user | --sys-prefix | --prefix DIR] [--no-snapshot]
 *   nnlab kernel uninstall [--user | --sys-prefix | --prefix DIR]
 *   nnlab kernel list
 *   nnlab kernel start -f CONNECTION_FILE      (what Jupyter runs)
 *   nnlab run ...                              (the headless runner)
 *   nnlab export ...                           (the HTML exporter)
 *   nnlab lessons [--full]                     (npm start: run every lesson, export the site)
 *   nnlab serve DIR [--port N]                 (serve a live site locally)
 *   nnlab notebook                             (npm run notebook: Jupyter on the lessons)
 */
import * as path from "path";
import { isVerbose, nearest, reportError, setVerbose } from "./cliErrors";
import type { InstallLocation } from "./kernelspec";

const KERNEL_USAGE = `  nnlab kernel install [--user | --sys-prefix | --prefix DIR] [--no-snapshot]
                                                                write the "nnlab" kernelspec (default --user) and
                                                                its startup snapshot (--no-snapshot: start without)
  nnlab kernel uninstall [--user | --sys-prefix | --prefix DIR]
  nnlab kernel list
  nnlab kernel start -f CONNECTION_FILE                         start the kernel (Jupyter does this)`;

const USAGE = `usage:
${KERNEL_USAGE}
  nnlab run [options] NOTEBOOK...                               run notebooks headless
  nnlab export [options] NOTEBOOK...                            export notebooks to HTML (--live: runnable in the page)
  nnlab serve DIR [--port N]                                    serve an exported site locally (default port 8000)
  nnlab lessons [--full]                                        run every lesson and export the site (npm start)
  nnlab notebook [DIR]                                          open Jupyter on the lessons (npm run notebook)
  --verbose (with any command)                                  print the stack of an error too`;

/** The commands, for "did you mean ...?". */
const COMMANDS = ["kernel", "run", "export", "serve", "lessons", "notebook", "help"] as const;
const KERNEL_COMMANDS = ["install", "uninstall", "list", "start"] as const;

/** A command line that cannot be understood: exit code 2, with the usage. */
class UsageError extends Error {
  override readonly name = "UsageError";
}

/** "unknown command X (did you mean Y?)". */
function unknown(what: string, word: string | undefined, names: readonly string[]): UsageError {
  if (word === undefined || word === "") return new UsageError(`no ${what} given; name one of: ${names.join(", ")}`);
  const guess = word.startsWith("-") ? undefined : nearest(word, names);
  return new UsageError(`unknown ${what} "${word}"${guess ? ` (did you mean "${guess}"?)` : `; the ${what}s are: ${names.join(", ")}`}`);
}

function location(args: string[]): InstallLocation {
  if (args.includes("--sys-prefix")) return { kind: "sys-prefix" };
  const i = args.indexOf("--prefix");
  if (i >= 0) {
    const prefix = args[i + 1];
    if (!prefix || prefix.startsWith("-")) throw new UsageError("--prefix needs a folder, e.g. --prefix ~/.local");
    return { kind: "prefix", prefix };
  }
  const eq = args.find((a) => a.startsWith("--prefix="));
  if (eq) {
    if (eq === "--prefix=") throw new UsageError("--prefix= needs a folder, e.g. --prefix=~/.local");
    return { kind: "prefix", prefix: eq.slice("--prefix=".length) };
  }
  return { kind: "user" };
}

async function startKernelCommand(args: string[]): Promise<number> {
  const i = args.findIndex((a) => a === "-f" || a === "--connection-file");
  const file = i >= 0 ? args[i + 1] : args.find((a) => a.endsWith(".json"));
  if (!file) throw new UsageError("kernel start needs -f CONNECTION_FILE (Jupyter passes it)");
  const { startKernel } = await import("./server");
  await startKernel(path.resolve(file));
  return -1; // keeps running until shutdown_request
}

/** The options each kernel command takes ("--prefix" with its folder). */
const KERNEL_FLAGS: Readonly<Record<string, readonly string[]>> = {
  install: ["--user", "--sys-prefix", "--prefix", "--no-snapshot"],
  uninstall: ["--user", "--sys-prefix", "--prefix"],
  list: [],
};

/** Refuses an option the kernel command does not take, so a typo never installs or removes by default. */
function checkKernelFlags(sub: string, args: readonly string[]): void {
  const valid = KERNEL_FLAGS[sub];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--prefix") {
      i++;
      continue;
    }
    const name = a.startsWith("--prefix=") ? "--prefix" : a;
    if (!valid.includes(name)) {
      const guess = nearest(a, valid);
      throw new UsageError(
        `unknown option "${a}" for kernel ${sub}${guess ? ` (did you mean "${guess}"?)` : ""}; it takes ${valid.length > 0 ? valid.join(", ") : "no options"}`,
      );
    }
  }
}

async function kernel(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  // Before the kernelspec module loads: a kernel's start needs none of it, and every ms counts there.
  if (sub === "start") return startKernelCommand(rest);
  if (args.includes("--help") || args.includes("-h") || sub === "help") {
    console.log(`usage:\n${KERNEL_USAGE}`);
    return 0;
  }
  if (!(KERNEL_COMMANDS as readonly (string | undefined)[]).includes(sub)) throw unknown("kernel command", sub, KERNEL_COMMANDS);
  checkKernelFlags(sub, rest);
  const where = location(rest);
  const spec = await import("./kernelspec");
  const hint = "choose a writable location: --user (the default, under your home folder), --sys-prefix, or --prefix DIR";
  switch (sub) {
    case "install": {
      let dir: string;
      try {
        dir = spec.installKernelspec(where, path.join(__dirname, "cli.js"), {
          snapshot: !rest.includes("--no-snapshot"),
          log: (line) => console.log(line),
        });
      } catch (e) {
        reportError("nnlab kernel install", e, e instanceof TypeError ? undefined : hint);
        return 1;
      }
      console.log(`installed kernelspec "${spec.KERNEL_NAME}" in ${dir}`);
      return 0;
    }
    case "uninstall": {
      let dir: string | undefined;
      try {
        dir = spec.uninstallKernelspec(where);
      } catch (e) {
        reportError("nnlab kernel uninstall", e, "check that folder's permissions");
        return 1;
      }
      console.log(dir ? `removed ${dir}` : `no "${spec.KERNEL_NAME}" kernelspec at that location`);
      return 0;
    }
    default: {
      const found = spec.listKernelspecs();
      if (found.length === 0) console.log(`no "${spec.KERNEL_NAME}" kernelspec installed (run: npx nnlab kernel install)`);
      for (const { location: at, dir } of found) console.log(`${spec.KERNEL_NAME}  ${dir}  (${at})`);
      return 0;
    }
  }
}

async function lazyCommand(modulePath: string, exportName: string, argv: string[]): Promise<number> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(modulePath)) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" && String((e as Error).message).includes(path.basename(modulePath))) {
      console.error(`nnlab: this command is not available in this build (${modulePath} is missing)`);
      return 2;
    }
    throw e;
  }
  const fn = mod[exportName];
  if (typeof fn !== "function") {
    console.error(`nnlab: ${modulePath} does not export ${exportName}()`);
    return 2;
  }
  return (fn as (a: string[]) => Promise<number>)(argv);
}

/** Runs the CLI; resolves to the exit code (-1: keep the process running). */
export async function main(argv: string[]): Promise<number> {
  // A global flag, wherever it stands; the commands never see it.
  setVerbose(argv.includes("--verbose"));
  const [command, ...rest] = argv.filter((a) => a !== "--verbose");
  switch (command) {
    case "kernel":
      return kernel(rest);
    case "run":
      return lazyCommand("./runner/runCommand", "runCommand", rest);
    case "export":
      return lazyCommand("./export/exportCommand", "exportCommand", rest);
    case "serve":
      return lazyCommand("./export/live/serve", "serveCommand", rest);
    case "lessons":
      return lazyCommand("./lessons/lessonsCommand", "lessonsCommand", rest);
    case "notebook":
      return lazyCommand("./lessons/notebookCommand", "notebookCommand", rest);
    case "-h":
    case "--help":
    case "help":
      console.log(USAGE);
      return 0;
    default:
      throw unknown("command", command, COMMANDS);
  }
}

/**
 * The exit code and the report of what `main` threw: a usage error is one line, the usage and
 * code 2; any other error one line (the stack only with --verbose) and code 1.
 */
function reportThrown(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`nnlab: ${e.message}; \`nnlab --help\` lists the commands\n`);
    return 2;
  }
  reportError("nnlab", e, isVerbose() ? undefined : "run again with --verbose for the stack");
  return 1;
}

/** Runs the command and sets the exit code; the kernel's startup snapshot calls it too (kernel/snapshot). */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e: unknown) => {
      process.exitCode = reportThrown(e);
    },
  );
}

if (require.main === module) runCli(process.argv.slice(2));
