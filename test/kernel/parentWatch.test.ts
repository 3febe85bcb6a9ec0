/**
 * A kernel whose launcher dies (SIGKILL, so no cleanup ran) ends itself, as ipykernel does:
 * started from a shell that is then killed, the kernel must be gone within a few seconds.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { newConnectionInfo } from "../../kernel/protocol";
import { processAlive, waitFor } from "../runner/helpers";

const cli = path.resolve(__dirname, "../../dist/kernel/cli.js");

it("a kernel whose parent is killed exits by itself", async () => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build before these tests`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-parent-"));
  const conn = path.join(dir, "kernel.json");
  fs.writeFileSync(conn, JSON.stringify(await newConnectionInfo()));
  const pidFile = path.join(dir, "kernel.pid");
  // The shell starts the kernel in the background, records its pid, and waits: the shell is
  // the kernel's parent, and SIGKILL gives it no chance to clean up.
  const shell = spawn("/bin/sh", ["-c", `"${process.execPath}" "${cli}" kernel start -f "${conn}" & echo $! > "${pidFile}"; wait`], {
    stdio: "ignore",
  });
  try {
    expect(await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").trim() !== "", 10_000)).toBe(true);
    const kernelPid = Number(fs.readFileSync(pidFile, "utf8"));
    await new Promise((r) => setTimeout(r, 3000)); // let the kernel come up
    expect(processAlive(kernelPid)).toBe(true);
    shell.kill("SIGKILL");
    expect(await waitFor(() => !processAlive(kernelPid), 8000)).toBe(true);
  } finally {
    try {
      const pid = Number(fs.readFileSync(pidFile, "utf8"));
      if (pid > 0 && processAlive(pid)) execFileSync("kill", ["-9", String(pid)]);
    } catch {
      // no kernel to clean up
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 30_000);
