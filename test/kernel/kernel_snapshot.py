"""The real kernel started the way its kernelspec starts it, from the startup snapshot (Debian's
python3 and jupyter_client; run from test/kernel/kernel.test.ts with JUPYTER_DATA_DIR set after
`nnlab kernel install`):

- in the lessons' folder and in a folder of its own, the compiler takes the snapshot's parsed
  declaration files (the kernel's log says how many) and checks cells exactly as before: a type
  error is reported, Node's and ES2022's types are there, declarations carry to the next cell;
- a folder's own @types packages other than node add no globals to cells (as `types: ["node"]`).
"""
import os
import re
import tempfile
import unittest

import cell_io

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT = 120
REUSED = re.compile(r"startup snapshot: (\d+) of its (\d+) declaration files reused")


def start(cwd):
    return cell_io.start_logged(TIMEOUT, cwd=cwd)


def stop(km, kc):
    return cell_io.stop_logged(km, kc)


def value(kc, code):
    return cell_io.value(kc, code, TIMEOUT)


def error(kc, code):
    return cell_io.error(kc, code, TIMEOUT)["evalue"]


class StartupSnapshot(unittest.TestCase):
    def check_cells(self, kc):
        self.assertEqual(value(kc, "1 + 1"), ["2"])
        self.assertIn("Type 'string' is not assignable to type 'number'", error(kc, 'const n: number = "x";'))
        self.assertEqual(value(kc, 'import * as fs from "fs";\nconst roots: string[] = fs.readdirSync("/");\nroots.includes("tmp")'), ["true"])
        self.assertEqual(value(kc, "[1, 2, 3].at(-1)"), ["3"])
        self.assertEqual(value(kc, 'typeof process.version === "string"'), ["true"])
        self.assertIn("Property 'nope' does not exist", error(kc, "roots.nope"))
        # A process a cell forks inherits the kernel's execArgv: it must start as plain Node.
        fork = "\n".join([
            'import { fork } from "child_process";',
            'import * as os from "os";',
            'import * as path from "path";',
            'const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-fork-")), "child.js");',
            'fs.writeFileSync(script, "process.send(JSON.stringify(process.execArgv)); process.exit(0);");',
            "await new Promise((resolve) => fork(script).on(\"message\", resolve))",
        ])
        self.assertEqual(value(kc, fork), ["[]"])

    def test_in_the_lessons_folder_and_in_a_folder_of_its_own(self):
        with tempfile.TemporaryDirectory() as own:
            for cwd in (os.path.join(ROOT, "notebooks"), own):
                with self.subTest(cwd=cwd):
                    km, kc = start(cwd)
                    try:
                        self.check_cells(kc)
                    finally:
                        log = stop(km, kc)
                    m = REUSED.search(log)
                    self.assertIsNotNone(m, f"the kernel did not start from the snapshot; its log:\n{log}")
                    # ES2022's lib is 55 files, with @types/node well over 100. The snapshot holds
                    # nnlab's own @types/node, which the lessons' folder takes; a bare folder takes
                    # tslab's copy (in a development checkout the two differ) and reuses the lib.
                    self.assertGreaterEqual(int(m.group(1)), 100 if cwd != own else 50, log)

    def test_a_folders_own_types_add_no_globals(self):
        with tempfile.TemporaryDirectory() as d:
            pkg = os.path.join(d, "node_modules", "@types", "folderglobals")
            os.makedirs(pkg)
            with open(os.path.join(pkg, "package.json"), "w") as f:
                f.write('{"name": "@types/folderglobals", "version": "1.0.0", "types": "index.d.ts"}')
            with open(os.path.join(pkg, "index.d.ts"), "w") as f:
                f.write("declare const fromFolderTypes: number;\n")
            km, kc = start(d)
            try:
                self.assertIn("Cannot find name 'fromFolderTypes'", error(kc, "fromFolderTypes"))
                self.assertEqual(value(kc, 'typeof setTimeout === "function"'), ["true"])
            finally:
                stop(km, kc)


if __name__ == "__main__":
    unittest.main(verbosity=2)
