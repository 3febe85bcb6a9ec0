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
import type { InstallLocation } from "./kernelspec";

const USAGE = `usage:
  nnlab kernel install [--user | --sys-prefix | --prefix DIR] [--no-snapshot]
                                                                write the "nnlab" kernelspec (default --user) and
                                                                its startup snapshot (--no-snapshot: start without)
  nnlab kernel uninstall [--user | --sys-prefix | --prefix DIR]
  nnlab kernel list
  nnlab kernel start -f CONNECTION_FILE                         start the kernel (Jupyter does this)
  nnlab run [options] NOTEBOOK...                               run notebooks headless
  nnlab export [options] NOTEBOOK...                            export notebooks to HTML (--live: runnable in the page)
  nnlab serve DIR [--port N]                                    serve an exported site locally (default port 8000)
  nnlab lessons [--full]                                        run every lesson and export the site (npm start)
  nnlab notebook [DIR]                                          open Jupyter on the lessons (npm run notebook)`;

function location(args: string[]): InstallLocation {
  if (args.includes("--sys-prefix")) return { kind: "sys-prefix" };
  const i = args.indexOf("--prefix");
  if (i >= 0) {
    const prefix = args[i + 1];
    if (!prefix) throw new TypeError("nnlab kernel: --prefix needs a directory");
    return { kind: "prefix", prefix };
  }
  const eq = args.find((a) => a.startsWith("--prefix="));
  if (eq) return { kind: "prefix", prefix: eq.slice("--prefix=".length) };
  return { kind: "user" };
}

async function startKernelCommand(args: string[]): Promise<number> {
  const i = args.findIndex((a) => a === "-f" || a === "--connection-file");
  const file = i >= 0 ? args[i + 1] : args.find((a) => a.endsWith(".json"));
  if (!file) throw new TypeError("nnlab kernel start: needs -f CONNECTION_FILE");
  const { startKernel } = await import("./server");
  await startKernel(path.resolve(file));
  return -1; // keeps running until shutdown_request
}

async function kernel(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  // Before the kernelspec module loads: a kernel's start needs none of it, and every ms counts there.
  if (sub === "start") return startKernelCommand(rest);
  const spec = await import("./kernelspec");
  switch (sub) {
    case "install": {
      const dir = spec.installKernelspec(location(rest), path.join(__dirname, "cli.js"), {
        snapshot: !rest.includes("--no-snapshot"),
        log: (line) => console.log(line),
      });
      console.log(`installed kernelspec "${spec.KERNEL_NAME}" in ${dir}`);
      return 0;
    }
    case "uninstall": {
      const dir = spec.uninstallKernelspec(location(rest));
      console.log(dir ? `removed ${dir}` : `no "${spec.KERNEL_NAME}" kernelspec at that location`);
      return 0;
    }
    case "list": {
      const found = spec.listKernelspecs();
      if (found.length === 0) console.log(`no "${spec.KERNEL_NAME}" kernelspec installed (run: npx nnlab kernel install)`);
      for (const { location: where, dir } of found) console.log(`${spec.KERNEL_NAME}  ${dir}  (${where})`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
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
  const [command, ...rest] = argv;
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
      console.error(USAGE);
      return 2;
  }
}

/** Runs the command and sets the exit code; the kernel's startup snapshot calls it too (kernel/snapshot). */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e instanceof TypeError || e instanceof RangeError ? `nnlab: ${e.message}` : e);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) runCli(process.argv.slice(2));
