"""Modules a notebook imports that the real nnlab kernel provides, wherever the notebook lives
(Debian's python3, jupyter_client and nbconvert; run from test/kernel/kernel.test.ts with
JUPYTER_DATA_DIR set):

- "tslab": a notebook written for tslab runs unchanged; its display API produces tslab's MIME
  bundles through nnlab's display path.
- TensorFlow.js: in a folder whose node_modules has its own real copy of @tensorflow/tfjs, a
  cell's import gets nnlab's instance (one engine), with no duplicate-registration noise.
- A notebook's own .ts modules: type-checked with the cell and run from the compiler's output.
"""
import base64
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import jupyter_client
import nbformat
import cell_io

PY = "/usr/bin/python3"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT = 120

# A 1x1 PNG; its base64 is what tslab sends.
PNG_BYTES = [137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0, 58, 126, 155, 85,
             0, 0, 0, 10, 73, 68, 65, 84, 120, 156, 99, 96, 0, 0, 0, 2, 0, 1, 72, 175, 164, 113, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130]

TSLAB_CELLS = [
    'import * as tslab from "tslab";',
    'tslab.display.html("<b>bold</b>");',
    'tslab.display.markdown("# Title");',
    'tslab.display.latex("$x^2$");',
    'tslab.display.svg(\'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>\');',
    f"tslab.display.png(new Uint8Array({PNG_BYTES}));",
    "tslab.display.jpeg(new Uint8Array([255, 216, 255, 217]));",
    'tslab.display.text("plain words");',
    'tslab.display.javascript("console.log(1)");',
    'const progress = tslab.newDisplay();\nprogress.text("step 1");\nprogress.text("step 2");\nprogress.html("<i>done</i>");',
    "[tslab.isNode, tslab.isBrowser]",
]

# What each cell (after the import) shows: (MIME type, data).
EXPECTED = [
    ("text/html", "<b>bold</b>"),
    ("text/markdown", "# Title"),
    ("text/latex", "$x^2$"),
    ("image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>'),
    ("image/png", base64.b64encode(bytes(PNG_BYTES)).decode()),
    ("image/jpeg", base64.b64encode(bytes([255, 216, 255, 217])).decode()),
    ("text/plain", "plain words"),
    ("text/javascript", "console.log(1)"),
    ("text/html", "<i>done</i>"),
]


def notebook(cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "nnlab", "display_name": "nnlab", "language": "typescript"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nb


def copy_tfjs_into(folder):
    """A real copy (no symlinks) of the installed @tensorflow/tfjs and its parts in folder/node_modules.
    Source maps and browser bundles are left out to keep it small; Node's entry points are all there."""
    target = os.path.join(folder, "node_modules", "@tensorflow")
    skip = shutil.ignore_patterns("*.map", "*.min.js", "*.es2017.js", "*.fesm.js", "*.esm.js", "miniprogram", "scripts")
    for name in ("tfjs", "tfjs-core", "tfjs-layers", "tfjs-converter", "tfjs-data", "tfjs-backend-cpu", "tfjs-backend-webgl"):
        shutil.copytree(os.path.join(ROOT, "node_modules", "@tensorflow", name), os.path.join(target, name), ignore=skip, symlinks=False)


class KernelProvidedModules(unittest.TestCase):
    def test_tslab_display_notebook_runs_with_tslabs_mime_bundles(self):
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "tslab.ipynb")
            nbformat.write(notebook(TSLAB_CELLS), src)
            proc = subprocess.run([PY, "-m", "nbconvert", "--to", "notebook", "--execute", "--output", "out.ipynb", src],
                                  capture_output=True, text=True, timeout=300, cwd=d)
            self.assertEqual(proc.returncode, 0, proc.stderr[-3000:])
            nb = nbformat.read(os.path.join(d, "out.ipynb"), as_version=4)
            nbformat.validate(nb)
        self.assertEqual(nb.cells[0].outputs, [], "the import cell shows nothing")
        for cell, (mime, data) in zip(nb.cells[1:], EXPECTED):
            with self.subTest(code=cell.source):
                outputs = [o for o in cell.outputs if o.output_type == "display_data"]
                self.assertEqual(len(outputs), 1, f"expected one display_data, got {cell.outputs}")
                # Exactly tslab's bundle: the one MIME type, nothing added.
                self.assertEqual(dict(outputs[0].data), {mime: data})
        self.assertEqual(nb.cells[-1].outputs[0].data["text/plain"], "[ true, false ]")

    def test_new_display_updates_in_place(self):
        km, kc = jupyter_client.manager.start_new_kernel(kernel_name="nnlab", startup_timeout=120)
        try:
            msg_id = kc.execute('import * as tslab from "tslab";\nconst d = tslab.newDisplay();\nd.text("a");\nd.markdown("*b*");\nd.text("c");')
            out = cell_io.iopub_until_idle(kc, msg_id, time.time() + TIMEOUT)
            shown = [c for t, c in out if t == "display_data"]
            updates = [c for t, c in out if t == "update_display_data"]
            self.assertEqual([c["data"] for c in shown], [{"text/plain": "a"}], out)
            self.assertEqual([c["data"] for c in updates], [{"text/markdown": "*b*"}, {"text/plain": "c"}], out)
            ids = {c["transient"]["display_id"] for c in shown + updates}
            self.assertEqual(len(ids), 1, f"one display_id for the display and its updates, got {ids}")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)

    def test_a_folders_own_tfjs_resolves_to_nnlabs_instance(self):
        with tempfile.TemporaryDirectory() as d:
            copy_tfjs_into(d)
            # The setup is real: plain Node in this folder picks the folder's own copy.
            own = subprocess.run(["node", "-e", 'console.log(require.resolve("@tensorflow/tfjs"))'],
                                 capture_output=True, text=True, cwd=d, check=True).stdout.strip()
            self.assertTrue(own.startswith(os.path.realpath(d)) or own.startswith(d), f"Node resolved {own}, not the folder's copy")
            km, kc = jupyter_client.manager.start_new_kernel(kernel_name="nnlab", startup_timeout=120, cwd=d)
            try:
                code = "\n".join([
                    'import * as tf from "@tensorflow/tfjs";',
                    'import * as core from "@tensorflow/tfjs-core";',
                    'import * as layers from "@tensorflow/tfjs-layers";',
                    'import * as nnlab from "nnlab";',
                    "const t: tf.Tensor = nnlab.tf.ones([2]);",
                    "const model = layers.sequential({ layers: [layers.layers.dense({ units: 1, inputShape: [2] })] });",
                    "[tf.engine() === nnlab.tf.engine(), core.engine() === nnlab.tf.engine(), tf.getBackend(), tf.sum(t).dataSync()[0]].join()",
                ])
                msg_id = kc.execute(code)
                out = cell_io.iopub_until_idle(kc, msg_id, time.time() + TIMEOUT)
                errors = [c for t, c in out if t == "error"]
                self.assertEqual(errors, [], "the cell failed")
                stderr = "".join(c["text"] for t, c in out if t == "stream" and c["name"] == "stderr")
                self.assertEqual(stderr.splitlines(), [], "importing TF.js wrote to stderr")
                values = [c["data"]["text/plain"] for t, c in out if t == "execute_result"]
                self.assertEqual(values, ["true,true,wasm,2"], out)
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)

    def test_a_package_installed_and_a_module_edited_mid_session(self):
        """A folder changing under the kernel (a package installed after its import failed, a local
        module's types edited) is seen by the next cells and never raises from the compiler's
        watchers (it threw "Unexpected pending rebuildTimer" into the running cell)."""
        with tempfile.TemporaryDirectory() as d:
            def write(name, text):
                os.makedirs(os.path.dirname(os.path.join(d, name)), exist_ok=True)
                with open(os.path.join(d, name), "w") as f:
                    f.write(text)

            write("mod.js", "exports.v = 1;\n")
            write("mod.d.ts", "export declare const v: number;\n")
            km, kc = jupyter_client.manager.start_new_kernel(kernel_name="nnlab", startup_timeout=120, cwd=d)
            seen = []

            def cell(code):
                reply, out = cell_io.run_cell(kc, code, TIMEOUT)
                seen.extend((t, c) for t, c in out if t == "error")
                return reply, [c["data"]["text/plain"] for t, c in out if t == "execute_result"]

            try:
                reply, _ = cell('import { late } from "late-pkg";')
                self.assertIn("Cannot find module 'late-pkg'", reply.get("evalue", ""))
                self.assertEqual(cell('import { v } from "./mod";\nv')[1], ["1"])
                write("node_modules/late-pkg/package.json", '{"name": "late-pkg", "version": "1.0.0", "main": "index.js"}')
                write("node_modules/late-pkg/index.js", "exports.late = 42;\n")
                write("node_modules/late-pkg/index.d.ts", "export declare const late: number;\n")
                write("mod.d.ts", "export declare const v: number;\nexport declare const added: string;\n")
                # The compiler's file watcher polls: wait until it has seen the edit.
                deadline = time.time() + 30
                while cell('import { added } from "./mod";\ntypeof added')[0]["status"] != "ok":
                    self.assertLess(time.time(), deadline, "the edit of mod.d.ts was never seen")
                    time.sleep(0.2)
                reply, values = cell('import { late } from "late-pkg";\nlate + 1')
                self.assertEqual((reply["status"], values), ("ok", ["43"]), reply)
                # Only the compile errors asked for above, nothing from a watcher.
                names = {c["ename"] for _, c in seen}
                self.assertEqual(names - {"TypeScriptError"}, set(), seen)
                self.assertFalse(any("rebuildTimer" in c["evalue"] for _, c in seen), seen)
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)

    def test_a_notebooks_own_typescript_modules_run(self):
        """A .ts module beside the notebook, importing another: the cell compiler type-checks and
        emits them in memory, and the cell runs them (it failed with "Cannot find module './helper'").
        An edit of one is run by the next cell that imports it; an endless loop in one is interrupted."""
        with tempfile.TemporaryDirectory() as d:
            def write(name, text):
                with open(os.path.join(d, name), "w") as f:
                    f.write(text)

            write("inner.ts", "export const factor: number = 2;\n")
            write("helper.ts", 'import { factor } from "./inner";\nexport function scale(x: number): number { return factor * x; }\n')
            km, kc = jupyter_client.manager.start_new_kernel(kernel_name="nnlab", startup_timeout=120, cwd=d)

            def cell(code):
                reply, out = cell_io.run_cell(kc, code, TIMEOUT)
                return reply, [c["data"]["text/plain"] for t, c in out if t == "execute_result"]

            try:
                reply, values = cell('import { scale } from "./helper";\nscale(21)')
                self.assertEqual((reply["status"], values), ("ok", ["42"]), reply)
                reply, _ = cell('scale("21")')
                self.assertEqual((reply["status"], reply.get("ename")), ("error", "TypeScriptError"), reply)
                write("inner.ts", "export const factor: number = 3;\n")
                # The compiler's file watcher polls: wait until a cell importing the module sees the edit.
                deadline = time.time() + 30
                while True:
                    reply, values = cell('import { scale as scaled } from "./helper";\nscaled(21)')
                    self.assertEqual(reply["status"], "ok", reply)
                    if values == ["63"]:
                        break
                    self.assertEqual(values, ["42"])
                    self.assertLess(time.time(), deadline, "the edit of inner.ts was never run")
                    time.sleep(0.2)
                # A loop inside such a module has no interrupt checks (only cells are instrumented):
                # the interrupt stops it as it stops a long library call, and the session lives on.
                write("spin.ts", "export function spin(): number { let n = 0; for (;;) { n++; } }\n")
                msg_id = kc.execute('import { spin } from "./spin";\nconsole.log("spinning");\nspin();')
                cell_io.wait_for_stream(kc, msg_id, "spinning")
                km.interrupt_kernel()
                reply, _ = cell_io.collect(kc, msg_id, TIMEOUT)
                self.assertEqual((reply["status"], reply.get("ename")), ("error", "InterruptedError"), reply)
                self.assertEqual(cell("scale(1)")[1], ["2"])
            finally:
                kc.stop_channels()
                km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
