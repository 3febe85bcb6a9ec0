/**
 * `nnlab lessons` (what `npm start` runs): installs the kernelspec, runs every lesson through
 * the real kernel, exports the site and says where it is. Quick mode (NNLAB_QUICK=1) unless
 * `--full`, which reproduces the lessons' headline results and takes much longer.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { installKernelspec, KERNEL_NAME } from "../kernelspec";
import { readNotebook, writeNotebook, type Notebook } from "../nbformat";
import { NotebookRunError, runNotebook } from "../runner/runNotebook";
import { exportSite } from "../export";

const USAGE = `usage: nnlab lessons [--full] [--static] [--notebooks DIR] [--out DIR] [--timeout SECONDS]

Runs every lesson in order through the nnlab kernel and exports them as an HTML site.
  --full            full scale (the lessons' headline results; hours), default quick mode
  --static          a record-only site (default: a live site whose cells run in the page)
  --notebooks DIR   where the lessons are (default: the package's notebooks/)
  --out DIR         where the site goes (default: dist/lessons)
  --timeout S       per-cell limit in seconds (default: none in --full, 600 in quick mode)`;

interface LessonsArgs {
  full: boolean;
  live: boolean;
  notebooksDir: string;
  outDir: string;
  timeout?: number;
}

const PACKAGE_ROOT = path.join(__dirname, "..", "..", "..");

function parse(argv: string[]): LessonsArgs | "help" {
  const args: LessonsArgs = {
    full: false,
    live: true,
    notebooksDir: path.join(PACKAGE_ROOT, "notebooks"),
    outDir: path.join(PACKAGE_ROOT, "dist", "lessons"),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new RangeError(`nnlab lessons: ${a} needs a value`);
      return v;
    };
    if (a === "-h" || a === "--help") return "help";
    else if (a === "--full") args.full = true;
    else if (a === "--static") args.live = false;
    else if (a === "--notebooks") args.notebooksDir = path.resolve(value());
    else if (a === "--out") args.outDir = path.resolve(value());
    else if (a === "--timeout") {
      const v = value();
      args.timeout = Number(v);
      if (!(args.timeout > 0)) throw new RangeError(`nnlab lessons: --timeout must be a positive number of seconds, got "${v}"`);
    } else throw new RangeError(`nnlab lessons: unknown argument "${a}"\n${USAGE}`);
  }
  return args;
}

function onPath(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Runs the lessons and exports the site; resolves to the exit code. */
export async function lessonsCommand(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    // A usage error: one line (its first; the usage is behind --help) and exit code 2.
    process.stderr.write(`${(e as Error).message.split("\n")[0]}; \`nnlab lessons --help\` lists the options\n`);
    return 2;
  }
  if (args === "help") {
    console.log(USAGE);
    return 0;
  }
  const say = (line: string) => process.stdout.write(line + "\n");
  const files = fs.existsSync(args.notebooksDir)
    ? fs
        .readdirSync(args.notebooksDir)
        .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
        .sort()
    : [];
  if (files.length === 0) throw new RangeError(`nnlab lessons: no lesson notebooks (NN-name.ipynb) in ${args.notebooksDir}`);

  const cli = path.join(__dirname, "..", "cli.js");
  const specDir = installKernelspec({ kind: "user" }, cli, { log: say });
  say(`kernelspec "${KERNEL_NAME}" installed in ${specDir}`);
  say(
    `running ${files.length} lessons in ${args.full ? "full mode (headline results; this takes long)" : "quick mode (NNLAB_QUICK=1; npm start -- --full for full scale)"}`,
  );

  const executedDir = path.join(path.dirname(args.outDir), "executed");
  fs.mkdirSync(executedDir, { recursive: true });
  const env: Record<string, string> = { NNLAB_QUICK: args.full ? "0" : "1" };
  const executed: { file: string; notebook: Notebook }[] = [];
  const started = Date.now();
  for (const [i, name] of files.entries()) {
    const source = path.join(args.notebooksDir, name);
    const lessonStart = Date.now();
    let notebook: Notebook;
    try {
      notebook = await runNotebook(readNotebook(source), {
        source,
        kernelDir: specDir,
        env,
        timeoutSeconds: args.timeout ?? (args.full ? undefined : 600),
        onProgress: (e) => {
          // Rewriting one line only makes sense on a terminal; logs get one line per lesson.
          if (e.kind === "cell-start" && process.stdout.isTTY)
            process.stdout.write(`\r  [${i + 1}/${files.length}] ${name}: cell ${e.codeCell}/${e.codeCells}   `);
        },
      });
    } catch (e) {
      if (process.stdout.isTTY) process.stdout.write("\n");
      if (e instanceof NotebookRunError) {
        const partial = path.join(executedDir, name);
        writeNotebook(partial, e.notebook);
        console.error(`nnlab lessons: ${name} failed: ${e.message}\n${e.traceback.join("\n")}\nthe outputs so far are in ${partial}`);
        return 1;
      }
      throw e;
    }
    const out = path.join(executedDir, name);
    writeNotebook(out, notebook);
    executed.push({ file: out, notebook });
    const done = `  [${i + 1}/${files.length}] ${name}: done in ${((Date.now() - lessonStart) / 1000).toFixed(1)} s`;
    process.stdout.write(process.stdout.isTTY ? `\r${done}          \n` : `${done}\n`);
  }
  const site = await exportSite(executed, { outDir: args.outDir, live: args.live });
  say(`all lessons ran in ${((Date.now() - started) / 1000).toFixed(0)} s; executed notebooks in ${executedDir}`);
  say(
    args.live
      ? `live site exported in ${(site.milliseconds / 1000).toFixed(1)} s. Serve it: npx nnlab serve ${site.outDir}`
      : `site exported in ${(site.milliseconds / 1000).toFixed(1)} s. Open it:\n  ${path.join(site.outDir, "index.html")}`,
  );
  if (onPath("jupyter")) say(`to work through the lessons live: npm run notebook   (jupyter notebook ${args.notebooksDir})`);
  else say(`to work through the lessons live, install Jupyter (Debian: apt-get install jupyter-notebook) and run: npm run notebook`);
  return 0;
}
