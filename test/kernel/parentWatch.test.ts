/**
 * A kernel whose launcher dies (SIGKILL, so no cleanup ran) ends itself, as ipykernel does:
 * started from a shell that is then killed, the kernel must be gone within a few seconds.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { newConnectionInfo } from "../../kernel/protocol";
import { processAlive, waitFor } from "../runner/helpers";

const cli = path.resolve(__dirname, "../../dist/kernel/cli.js");

it("a kernel whose parent is killed exits by itself", async () => {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run npm run build before these tests`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-parent-"));
  const conn = path.join(dir, "kernel.json");
  const info = await newConnectionInfo();
  fs.writeFileSync(conn, JSON.stringify(info));
  const pidFile = path.join(dir, "kernel.pid");
  // The shell starts the kernel in the background, records its pid, and waits: the shell is
  // the kernel's parent, and SIGKILL gives it no chance to clean up.
  const shell = spawn("/bin/sh", ["-c", `"${process.execPath}" "${cli}" kernel start -f "${conn}" & echo $! > "${pidFile}"; wait`], {
    stdio: "ignore",
  });
  try {
    expect(await waitFor(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").trim() !== "", 10_000)).toBe(true);
    const kernelPid = Number(fs.readFileSync(pidFile, "utf8"));
    // Up means its protocol thread has bound the heartbeat port (the parent pid is taken before).
    const hbOpen = () =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect(info.hb_port, info.ip, () => (socket.destroy(), resolve(true)));
        socket.on("error", () => resolve(false));
      });
    const upBy = Date.now() + 30_000;
    while (!(await hbOpen()) && Date.now() < upBy) await new Promise((r) => setTimeout(r, 200));
    expect(processAlive(kernelPid)).toBe(true);
    shell.kill("SIGKILL");
    expect(await waitFor(() => !processAlive(kernelPid), 15_000)).toBe(true);
  } finally {
    try {
      const pid = Number(fs.readFileSync(pidFile, "utf8"));
      if (pid > 0 && processAlive(pid)) execFileSync("kill", ["-9", String(pid)]);
    } catch {
      // no kernel to clean up
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
