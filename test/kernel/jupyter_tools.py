"""Jupyter's own tools against kernel "nnlab": nbconvert --execute (with and without
--allow-errors) and a jupyter console session with an error in it. Debian's python3; run by
test/kernel/kernel.test.ts with JUPYTER_DATA_DIR set to the folder holding the kernelspec.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

import nbformat

PY = "/usr/bin/python3"


def notebook(cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "nnlab", "display_name": "nnlab", "language": "typescript"}
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    return nb


CELLS = [
    "const a: number = 20;",
    'console.log("a is", a); a + 1',
    'throw new Error("cell three fails")',
    "a * 2",
]


class JupyterTools(unittest.TestCase):
    def convert(self, *extra):
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "lesson.ipynb")
            nbformat.write(notebook(CELLS), src)
            proc = subprocess.run(
                [PY, "-m", "nbconvert", "--to", "notebook", "--execute", *extra, "--output", "out.ipynb", src],
                capture_output=True, text=True, timeout=300, cwd=d)
            out = os.path.join(d, "out.ipynb")
            nb = nbformat.read(out, as_version=4) if os.path.exists(out) else None
            if nb is not None:
                nbformat.validate(nb)
            return proc, nb

    def test_nbconvert_allow_errors_runs_and_numbers_every_cell(self):
        proc, nb = self.convert("--allow-errors")
        self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
        self.assertEqual([c.execution_count for c in nb.cells], [1, 2, 3, 4])
        self.assertEqual(nb.cells[1].outputs[0].text, "a is 20\n")
        self.assertEqual(nb.cells[1].outputs[1].data["text/plain"], "21")
        self.assertEqual(nb.cells[2].outputs[0].output_type, "error")
        self.assertEqual(nb.cells[2].outputs[0].evalue, "cell three fails")
        self.assertEqual(nb.cells[3].outputs[0].data["text/plain"], "40")

    def test_nbconvert_without_allow_errors_stops_at_the_error(self):
        proc, _ = self.convert()
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("cell three fails", proc.stderr)

    def test_console_session_with_an_error(self):
        session = "\n".join([
            "const greeting: string = 'hello'",
            "greeting.toUpperCase()",
            "throw new TypeError('console error')",
            "greeting.length",
            "exit",
            "",
        ])
        proc = subprocess.run(
            [PY, "-m", "jupyter_console", "--kernel=nnlab", "--simple-prompt", "--no-confirm-exit"],
            input=session, capture_output=True, text=True, timeout=300)
        out = proc.stdout + proc.stderr
        self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
        self.assertIn("HELLO", out)
        self.assertIn("console error", out)
        self.assertIn("Out[4]: 5", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
