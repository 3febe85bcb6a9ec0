/**
 * Bad input on the command line: the real `nnlab` (dist/) as a process. Each case asserts the
 * exit code (2 usage, 1 failure), one error line with the key words (what, which file or
 * option, what to do), no stack unless --verbose, and that nothing on disk changed.
 */
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { cleanTemp, copyNotebook, expectOneLine, nnlab, PY_NOTEBOOKS, record, tempDir } from "./helpers";

afterAll(cleanTemp);

/** A folder "nobody" may enter but not write (a root test run drops to nobody for these cases). */
function unwritableDir(): string {
  const dir = tempDir();
  fs.chmodSync(dir, 0o755);
  const locked = path.join(dir, "locked");
  fs.mkdirSync(locked, { mode: 0o555 });
  fs.chmodSync(locked, 0o555);
  return locked;
}

describe("nnlab: commands and usage", () => {
  test.each([
    [["kernal", "install"], /unknown command "kernal" \(did you mean "kernel"\?\)/],
    [["exprot", "a.ipynb"], /unknown command "exprot" \(did you mean "export"\?\)/],
    [["frobnicate"], /unknown command "frobnicate"; the commands are: kernel, run, export/],
    [[], /no command given; name one of: kernel, run/],
    [["--bogus"], /unknown command "--bogus"/],
    [["kernel", "instal"], /unknown kernel command "instal" \(did you mean "install"\?\)/],
    [["kernel"], /no kernel command given; name one of: install, uninstall, list, start/],
    [["kernel", "install", "--prefix"], /--prefix needs a folder/],
    [["kernel", "install", "--prefix="], /--prefix= needs a folder/],
    [["kernel", "start"], /kernel start needs -f CONNECTION_FILE/],
    [
      ["kernel", "install", "--usr"],
      /unknown option "--usr" for kernel install \(did you mean "--user"\?\); it takes --user, --sys-prefix/,
    ],
    [["kernel", "uninstall", "--no-snapshot"], /unknown option "--no-snapshot" for kernel uninstall/],
    [["kernel", "list", "--all"], /unknown option "--all" for kernel list; it takes no options/],
  ])("nnlab %j is a usage error (exit 2) that names the problem", (args, message) => {
    const r = nnlab(args);
    expect(r.status).toBe(2);
    expect(expectOneLine(r)).toMatch(message);
    expect(r.stderr).toContain("--help");
  });
});

describe("nnlab kernel --help", () => {
  test.each([["install"], ["uninstall"], ["list"]])("kernel %s --help prints the usage and neither installs nor removes", (sub) => {
    const data = tempDir();
    const installed = nnlab(["kernel", "install", "--no-snapshot"], { env: { JUPYTER_DATA_DIR: data } });
    expect(installed.status).toBe(0);
    const before = record(data);
    const r = nnlab(["kernel", sub, "--help"], { env: { JUPYTER_DATA_DIR: path.join(data, "elsewhere") } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("nnlab kernel install [--user | --sys-prefix | --prefix DIR]");
    expect(r.stdout).not.toMatch(/installed kernelspec|removed/);
    expect(fs.existsSync(path.join(data, "elsewhere"))).toBe(false);
    const again = nnlab(["kernel", sub, "-h"], { env: { JUPYTER_DATA_DIR: data } });
    expect(again.status).toBe(0);
    expect(record(data)).toEqual(before);
  });
});

describe("nnlab kernel install into a bad place", () => {
  test("a --prefix that is a file: exit 1, ENOTDIR in words, the file untouched", () => {
    const dir = tempDir();
    const file = path.join(dir, "prefix.txt");
    fs.writeFileSync(file, "mine");
    const before = record(dir);
    const r = nnlab(["kernel", "install", "--no-snapshot", "--prefix", file]);
    expect(r.status).toBe(1);
    const line = expectOneLine(r);
    expect(line).toMatch(
      /^nnlab kernel install: cannot create the folder .*prefix\.txt.*: a part of that path is a file, not a folder \(ENOTDIR\)/,
    );
    expect(line).toMatch(/choose a writable location: --user .* --prefix DIR/);
    expect(record(dir)).toEqual(before);
  });

  test("an unwritable --prefix: exit 1, permission denied and what to do", () => {
    const locked = unwritableDir();
    const r = nnlab(["kernel", "install", "--no-snapshot", "--prefix", locked], { unprivileged: true });
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/cannot create the folder .*locked.*: permission denied \(EACCES\); choose a writable location/);
    expect(fs.readdirSync(locked)).toEqual([]);
  });

  test("HOME is a file (the default --user location): exit 1, one line", () => {
    const dir = tempDir();
    const home = path.join(dir, "home");
    fs.writeFileSync(home, "not a folder");
    const r = nnlab(["kernel", "install", "--no-snapshot"], { env: { HOME: home, JUPYTER_DATA_DIR: "", XDG_DATA_HOME: "" } });
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(
      /cannot create the folder .*home\/\.local\/share\/jupyter\/kernels\/nnlab: a part of that path is a file/,
    );
    expect(fs.readFileSync(home, "utf8")).toBe("not a folder");
  });

  test("HOME unwritable: exit 1, permission denied", () => {
    const home = unwritableDir();
    const r = nnlab(["kernel", "install", "--no-snapshot"], {
      unprivileged: true,
      env: { HOME: home, JUPYTER_DATA_DIR: "", XDG_DATA_HOME: "" },
    });
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/permission denied \(EACCES\); choose a writable location/);
    expect(fs.readdirSync(home)).toEqual([]);
  });

  test("--verbose adds the stack; the first line stays the same", () => {
    const dir = tempDir();
    const file = path.join(dir, "prefix.txt");
    fs.writeFileSync(file, "mine");
    const r = nnlab(["kernel", "install", "--no-snapshot", "--prefix", file, "--verbose"]);
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n")[0]).toMatch(/^nnlab kernel install: cannot create the folder/);
    expect(r.stderr).toMatch(/^\s+at /m);
  });

  test("kernel uninstall where nothing is installed is no error: exit 0 with a note", () => {
    const dir = tempDir();
    const r = nnlab(["kernel", "uninstall", "--prefix", dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/no "nnlab" kernelspec at that location/);
  });
});

describe("nnlab run: bad options and targets", () => {
  test.each([
    [[], /nnlab run: no notebook given/],
    [["--bogus", "a.ipynb"], /nnlab run: unknown option --bogus/],
    [["--timeout", "soon", "a.ipynb"], /--timeout must be a positive number of seconds, got "soon"/],
    [["--timeout", "-3", "a.ipynb"], /--timeout must be a positive number of seconds, got "-3"/],
    [["--out"], /--out needs a value/],
  ])("nnlab run %j: exit 2, one line", (args, message) => {
    const r = nnlab(["run", ...args]);
    expect(r.status).toBe(2);
    expect(expectOneLine(r)).toMatch(message);
  });

  test("--out naming a file: exit 1, says it is a file, the file untouched", () => {
    const dir = tempDir();
    copyNotebook(path.join(PY_NOTEBOOKS, "outputs.ipynb"), dir);
    fs.writeFileSync(path.join(dir, "results"), "my results");
    const before = record(dir);
    const r = nnlab(["run", "--out", "results", "outputs.ipynb"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/nnlab run: --out results is a file, not a folder; name a folder/);
    expect(record(dir)).toEqual(before);
  });

  test("--out in an unwritable folder: exit 1, permission denied, what to do", () => {
    const locked = unwritableDir();
    const nb = copyNotebook(path.join(PY_NOTEBOOKS, "outputs.ipynb"), path.dirname(locked));
    fs.chmodSync(nb, 0o644);
    const r = nnlab(["run", "--out", path.join(locked, "out"), nb], { unprivileged: true });
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(
      /nnlab run: cannot create the folder .*locked\/out: permission denied \(EACCES\); choose another --out folder/,
    );
  });

  test("a missing notebook: exit 1, names it", () => {
    const r = nnlab(["run", "missing.ipynb"]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/missing\.ipynb: no such notebook file/);
  });

  test("a notebook that is not JSON: exit 1, names it, the file untouched", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "bad.ipynb"), "{ not json");
    const before = record(dir);
    const r = nnlab(["run", "bad.ipynb"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/bad\.ipynb.*invalid JSON/);
    expect(record(dir)).toEqual(before);
  });

  test("written in place, a read-only notebook is refused and left whole (content and mode)", () => {
    const dir = tempDir();
    const nb = copyNotebook(path.join(PY_NOTEBOOKS, "outputs.ipynb"), dir);
    fs.chmodSync(nb, 0o444);
    const before = record(dir);
    const r = nnlab(["run", "outputs.ipynb"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/nnlab run: outputs\.ipynb: .*outputs\.ipynb is read-only; left unchanged/);
    expect(record(dir)).toEqual(before);
  });

  test("written in place through a symlink: the link stays, its target gets the outputs and keeps its mode", () => {
    const dir = tempDir();
    const real = copyNotebook(path.join(PY_NOTEBOOKS, "outputs.ipynb"), dir, "real.ipynb");
    fs.chmodSync(real, 0o640);
    fs.symlinkSync("real.ipynb", path.join(dir, "link.ipynb"));
    const r = nnlab(["run", "link.ipynb"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(fs.lstatSync(path.join(dir, "link.ipynb")).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(path.join(dir, "link.ipynb"))).toBe("real.ipynb");
    expect(fs.statSync(real).mode & 0o777).toBe(0o640);
    const cells = (JSON.parse(fs.readFileSync(real, "utf8")) as { cells: { outputs?: unknown[] }[] }).cells;
    expect(cells.some((c) => (c.outputs ?? []).length > 0)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(["link.ipynb", "real.ipynb"]);
  });

  test("--timeout ends a hanging cell: exit 1, the cell named, the notebook unchanged", () => {
    const dir = tempDir();
    copyNotebook(path.join(PY_NOTEBOOKS, "slow.ipynb"), dir);
    const before = record(dir);
    const r = nnlab(["run", "--timeout", "1", "slow.ipynb"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/slow\.ipynb: cell 2 of 3 timed out after 1 s/);
    expect(record(dir)).toEqual(before);
  });
});

describe("nnlab serve: bad options and ports", () => {
  test.each([
    [["--port", "abc", "."], /--port must be a whole number 0\.\.65535, got "abc"/],
    [["--port", "70000", "."], /got "70000"/],
    [["--port"], /--port must be a whole number 0\.\.65535, got nothing/],
    [[], /no site folder given/],
    [["a", "b"], /one site folder only, got a and b/],
    [["--bogus", "."], /unknown option --bogus/],
  ])("nnlab serve %j: exit 2, one line", (args, message) => {
    const r = nnlab(["serve", ...args]);
    expect(r.status).toBe(2);
    expect(expectOneLine(r)).toMatch(message);
  });

  test("a folder that is not there: exit 1, says to export first", () => {
    const r = nnlab(["serve", "no-such-site"]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/no-such-site is not a folder; export a site first: npx nnlab export/);
  });

  test("a port in use: exit 1, names the port and what to do, no stack", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    try {
      const port = (blocker.address() as net.AddressInfo).port;
      const r = nnlab(["serve", tempDir(), "--port", String(port)]);
      expect(r.status).toBe(1);
      expect(expectOneLine(r)).toMatch(new RegExp(`nnlab serve: port ${port} is in use .*; choose another with --port N, or --port 0`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe("nnlab lessons and kernel start: bad arguments", () => {
  test.each([
    [["lessons", "--bogus"], /^nnlab lessons: unknown argument "--bogus"; `nnlab lessons --help` lists the options$/],
    [["lessons", "--timeout", "never"], /--timeout must be a positive number of seconds, got "never"/],
    [["lessons", "--out"], /--out needs a value/],
  ])("nnlab %j: exit 2, one line", (args, message) => {
    const r = nnlab(args);
    expect(r.status).toBe(2);
    expect(expectOneLine(r)).toMatch(message);
  });

  test("lessons in a folder without lessons: exit 1, names the folder, one line", () => {
    const dir = tempDir();
    const r = nnlab(["lessons", "--notebooks", dir, "--out", path.join(dir, "site")]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/^nnlab lessons: no lesson notebooks \(NN-name\.ipynb\) in .*nnlab-bad-/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test("kernel start with a missing connection file: exit 1, one line naming it", () => {
    const r = nnlab(["kernel", "start", "-f", "/nonexistent/kernel-1.json"]);
    expect(r.status).toBe(1);
    expect(expectOneLine(r)).toMatch(/^nnlab kernel: connection file not found: \/nonexistent\/kernel-1\.json; run again with --verbose/);
  });
});
