import * as path from "path";

/** The python fixture notebooks, run against Debian's ipykernel ("python3" kernelspec). */
export const PY_FIXTURES = path.join(__dirname, "..", "fixtures", "notebooks", "python");

/** Whether a process id is still running (a zombie of ours counts as gone once reaped). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `check` is true or `ms` pass; returns the last result. */
export async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
