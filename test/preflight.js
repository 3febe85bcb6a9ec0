#!/usr/bin/env node
/**
 * `npm test` runs this first (package.json "pretest"): the kernel, runner, export and browser
 * suites need Debian's Jupyter (on /usr/bin/python3) and Chromium. When any is missing this
 * stops at once with the list and the one command that installs them, instead of twenty suites
 * failing with stack traces. The package names are .ci/run's.
 *
 * NNLAB_PREFLIGHT_PYTHON and CHROMIUM_PATH point the checks elsewhere (the preflight's own test
 * uses them); the suites themselves use /usr/bin/python3 and /usr/bin/chromium (or CHROMIUM_PATH).
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");

const python = process.env.NNLAB_PREFLIGHT_PYTHON || "/usr/bin/python3";
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Python module -> the Debian package that provides it (as .ci/run installs them). */
const PYTHON_MODULES = {
  jupyter_client: "jupyter-client",
  jupyter_kernel_test: "python3-jupyter-kernel-test",
  nbconvert: "jupyter-nbconvert",
  jupyter_console: "jupyter-console",
  nbformat: "python3-nbformat",
  ipykernel: "python3-ipykernel",
};

/** [what, Debian package] for everything missing. */
function missing() {
  const out = [];
  if (!isExecutable(chromium)) out.push([`Chromium (${chromium})`, "chromium"]);
  const modules = Object.keys(PYTHON_MODULES);
  if (!isExecutable(python)) {
    for (const m of modules) out.push([`Python module ${m} (no ${python})`, PYTHON_MODULES[m]]);
    return out;
  }
  // One interpreter start for all modules: find_spec looks a module up without importing it.
  const probe = "import importlib.util, sys\nfor m in sys.argv[1:]:\n    print(m if importlib.util.find_spec(m) is None else '')";
  const run = spawnSync(python, ["-c", probe, ...modules], { encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) {
    const why = run.error ? run.error.message : (run.stderr || "").trim().split("\n").pop();
    for (const m of modules) out.push([`Python module ${m} (${python} failed: ${why})`, PYTHON_MODULES[m]]);
    return out;
  }
  for (const m of run.stdout.split("\n").filter(Boolean)) out.push([`Python module ${m} on ${python}`, PYTHON_MODULES[m]]);
  return out;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

const gaps = missing();
if (gaps.length > 0) {
  const packages = [...new Set(gaps.map(([, pkg]) => pkg))];
  process.stderr.write(
    [
      "npm test needs Debian's Jupyter and Chromium; missing:",
      ...gaps.map(([what]) => `  - ${what}`),
      "Install them with:",
      `  sudo apt-get update && sudo apt-get install -y ${packages.join(" ")}`,
      "",
    ].join("\n"),
  );
  process.exit(1);
}
