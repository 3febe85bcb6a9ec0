/**
 * `nnlab export --execute` runs each notebook through the runner (a real Jupyter kernel; the
 * fixture names Debian's python3 kernel, which CI installs) and exports the fresh outputs,
 * leaving the .ipynb file as it was.
 */
import { mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { exportCommand } from "../../kernel/export";

test("--execute exports the outputs the kernel computed and leaves the notebook untouched", async () => {
  const file = join(__dirname, "..", "fixtures", "export", "execute-python.ipynb");
  const before = readFileSync(file, "utf8");
  const root = mkdtempSync(join(tmpdir(), "nnlab-export-exec-"));
  const writes: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (writes.push(String(chunk)), true));
  try {
    expect(await exportCommand([file, "--execute", "--out", join(root, "site")])).toBe(0);
    const page = readFileSync(join(root, "site", "execute-python.html"), "utf8");
    expect(page).toContain('<span class="ansi-red-fg">red from the kernel</span>');
    expect(page).toMatch(/Out\[1\]:<\/div><div class="nnlab-output-body"><pre class="nnlab-text">42<\/pre>/);
    expect(writes.join("")).toContain("cell 1/1 ok");
    expect(readFileSync(file, "utf8")).toBe(before);
  } finally {
    spy.mockRestore();
    rmSync(root, { recursive: true, force: true });
  }
});
