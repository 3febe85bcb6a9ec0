/**
 * `nnlab notebook` (what `npm run notebook` runs): opens Jupyter on the lessons with the nnlab
 * kernel installed, or says how to get Jupyter when it is not installed.
 */
import { spawn, spawnSync } from "child_process";
import * as path from "path";
import { installKernelspec } from "../kernelspec";

function has(command: string, ...args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

/** Starts Jupyter (Lab where installed, else Notebook) on notebooks/; resolves to the exit code. */
export async function notebookCommand(argv: string[]): Promise<number> {
  const notebooks = path.resolve(argv[0] ?? path.join(__dirname, "..", "..", "..", "notebooks"));
  if (!has("jupyter", "--version")) {
    console.error(
      "nnlab notebook: Jupyter is not installed.\n" +
        "  Debian/Ubuntu: sudo apt-get install jupyter-notebook   (or: pip install notebook)\n" +
        '  VS Code: open a lesson .ipynb and pick the kernel "nnlab" (npx nnlab kernel install first)\n' +
        `then run npm run notebook again. The lessons are in ${notebooks}`,
    );
    return 1;
  }
  installKernelspec({ kind: "user" }, path.join(__dirname, "..", "cli.js"), { log: (line) => console.log(line) });
  const app = has("jupyter", "lab", "--version") ? "lab" : "notebook";
  console.log(`nnlab notebook: jupyter ${app} on ${notebooks} (kernel "nnlab")`);
  const child = spawn("jupyter", [app, notebooks], { stdio: "inherit" });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
}
