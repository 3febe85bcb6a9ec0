"""nnlab's library and TensorFlow.js load on first use (kernel/engine/library.ts), tried with a
real client (Debian's python3 and jupyter_client; run from test/kernel/kernel.test.ts with
JUPYTER_DATA_DIR set after `nnlab kernel install`):

- a cell that loads no module runs before they load; the first cell that imports one loads them
  and runs on the backend; from then on kernel_info's banner names the backend; what the backend
  prints as it loads goes to the kernel's log, not to the cell;
- left idle, the kernel loads them by itself, without any cell asking, and then parses their
  declaration files ahead (kernel/snapshot/warmTypes.ts); a first import then checks as before.
"""
import re
import time
import unittest

import cell_io

TIMEOUT = 120
# TF.js keeps its engine in this global from the moment tfjs-core loads.
TF_LOADED = 'typeof (globalThis as { _tfengine?: unknown })._tfengine !== "undefined"'
BACKEND_LINE = 'nnlab: TensorFlow.js backend "wasm"'
PARSED_AHEAD = re.compile(r"parsed (\d+) declaration files of nnlab and TF.js ahead")


def start(env):
    # The backend line on (jest's setup turns it off): where it goes is part of what is tested.
    return cell_io.start_logged(TIMEOUT, env={"NNLAB_QUIET_BACKEND": "0", **env})


def banner(kc):
    msg_id = kc.kernel_info()
    return cell_io.shell_reply(kc, msg_id, time.time() + TIMEOUT)["banner"]


def run(kc, code):
    reply, out = cell_io.run_cell(kc, code, TIMEOUT)
    if reply["status"] != "ok":
        raise AssertionError(f"{code!r} failed: {reply.get('evalue')}")
    values = [c["data"]["text/plain"] for t, c in out if t == "execute_result"]
    streams = "".join(c["text"] for t, c in out if t == "stream")
    return values, streams


class KernelLibrary(unittest.TestCase):
    def test_the_first_import_loads_the_library(self):
        km, kc = start({"NNLAB_IDLE_LOAD_MS": "off"})
        try:
            self.assertEqual(run(kc, "1 + 1")[0], ["2"])
            self.assertEqual(run(kc, "const f = (x: number) => x * 3;\nf(14)")[0], ["42"])
            self.assertEqual(run(kc, TF_LOADED)[0], ["false"])
            self.assertIn("backend chosen when a cell first loads a module", banner(kc))
            values, streams = run(kc, 'import * as tf from "@tensorflow/tfjs";\ntf.getBackend()')
            self.assertEqual(values, ["wasm"])
            self.assertNotIn("TensorFlow.js backend", streams)
            self.assertIn('backend "wasm"', banner(kc))
            self.assertEqual(run(kc, TF_LOADED)[0], ["true"])
            # Values render with the full renderer once it is there.
            self.assertIn("Tensor", run(kc, "tf.ones([2])")[0][0])
        finally:
            log = cell_io.stop_logged(km, kc)
        self.assertIn(BACKEND_LINE, log)
        self.assertIsNone(PARSED_AHEAD.search(log), log)

    def test_an_idle_kernel_loads_the_library_by_itself(self):
        km, kc = start({})
        try:
            deadline = time.monotonic() + TIMEOUT
            while 'backend "wasm"' not in banner(kc):
                self.assertLess(time.monotonic(), deadline, "the kernel never loaded the library while idle")
                time.sleep(0.1)
            # No cell imported anything: the kernel loaded TF.js on its own.
            self.assertEqual(run(kc, TF_LOADED)[0], ["true"])
            # Then, idle again, it parses nnlab's and TF.js's types ahead; its log says when.
            while PARSED_AHEAD.search(cell_io.log_so_far(km)) is None:
                self.assertLess(time.monotonic(), deadline, "the kernel never parsed the library's types ahead")
                time.sleep(0.1)
            self.assertGreater(int(PARSED_AHEAD.search(cell_io.log_so_far(km)).group(1)), 100)
            # A first import takes those files and checks exactly as without them.
            self.assertEqual(run(kc, 'import * as nn from "nnlab";\nnn.backendInfo()?.name')[0], ["wasm"])
            reply = cell_io.error(kc, "const n: number = nn.backendInfo()?.name;", TIMEOUT)
            self.assertEqual(reply["ename"], "TypeScriptError")
            self.assertIn("is not assignable to type 'number'", reply["evalue"])
            self.assertIn("TS2322", reply["evalue"])
            self.assertIn("Property 'nope' does not exist", cell_io.error(kc, "nn.nope", TIMEOUT)["evalue"])
        finally:
            log = cell_io.stop_logged(km, kc)
        self.assertIn(BACKEND_LINE, log)


if __name__ == "__main__":
    unittest.main(verbosity=2)
