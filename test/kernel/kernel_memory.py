"""Tensors behave like values in the real nnlab kernel, driven by jupyter_client (Debian's python3).

What nothing reaches is released by the kernel's own collection policy (no cell here asks for a
collection: they only create tensors and read tf.memory()); what is still reachable (through a
closure, a #private field, a Map, an imported module's state, a pending async function, a net)
is never released. Run from test/kernel/kernel.test.ts with JUPYTER_DATA_DIR set.
"""
import os
import tempfile
import time
import unittest

import jupyter_client
import cell_io

TIMEOUT = 120

LEAKING_CELLS = {
    "temporaries of a matMul": "const w = tf.randomNormal([256, 256]); const y = w.matMul(w).mean(); y.dataSync()[0];",
    "a loop of 100 tf.add": "let acc = tf.zeros([10]); for (let i = 0; i < 100; i++) acc = tf.add(acc, 1); acc.dataSync()[0];",
    "a displayed slice": "const img = tf.randomNormal([64, 64]); img.slice([0, 0], [8, 8])",
}

# A module of the notebook's folder that keeps a tensor in module-level state.
HELPER_JS = """const tf = require("@tensorflow/tfjs-core");
const held = tf.tensor([9, 9]);
exports.heldSum = () => held.sum().dataSync()[0];
"""
HELPER_DTS = "export declare function heldSum(): number;\n"


class TensorsBehaveLikeValues(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        for name, text in (("helper.js", HELPER_JS), ("helper.d.ts", HELPER_DTS)):
            with open(os.path.join(cls.folder.name, name), "w") as f:
                f.write(text)
        cls.km, cls.kc = jupyter_client.manager.start_new_kernel(kernel_name="nnlab", startup_timeout=120, cwd=cls.folder.name)
        reply, _ = cls.run_cell(cls, 'import { tf, TwoLayerNet, Trainer, loadMnist } from "nnlab";')
        assert reply["status"] == "ok", reply

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        if cls.km.is_alive():
            cls.km.shutdown_kernel(now=True)
        cls.folder.cleanup()

    def run_cell(self, code, timeout=TIMEOUT):
        """Executes code; returns (reply content, [(msg_type, content), ...])."""
        return cell_io.run_cell(self.kc, code, timeout)

    def value(self, code):
        """The text/plain value of a cell that must succeed."""
        reply, out = self.run_cell(code)
        self.assertEqual(reply["status"], "ok", f"cell failed: {code!r}: {reply}")
        results = [c["data"]["text/plain"] for t, c in out if t == "execute_result"]
        self.assertEqual(len(results), 1, f"cell {code!r} showed no value: {out}")
        return results[0]

    def num_tensors(self):
        return int(self.value("tf.memory().numTensors"))

    def make_garbage(self, cells=3):
        """Cells whose tensors nothing keeps: each leaves work for the kernel's collection."""
        for _ in range(cells):
            self.value("for (let i = 0; i < 50; i++) tf.mul(tf.ones([100, 100]), 2); 0")

    def test_leaking_cells_rerun_10_times_leave_the_count_where_it_started(self):
        for name, code in LEAKING_CELLS.items():
            with self.subTest(cell=name):
                start = self.num_tensors()
                for run in range(10):
                    reply, out = self.run_cell(code)
                    self.assertEqual(reply["status"], "ok", f"{name}, run {run + 1}: {reply}")
                    self.assertTrue([c for t, c in out if t == "execute_result"], f"{name}: no value shown: {out}")
                end = self.num_tensors()
                self.assertLessEqual(abs(end - start), 3, f"{name}: numTensors went from {start} to {end} over 10 runs")

    def test_rebuilding_a_net_and_trainer_20_times_releases_the_old_ones(self):
        self.value("const mnist = loadMnist({ flatten: true, trainLimit: 200, testLimit: 100 }); mnist.train.length")
        build = "\n".join([
            "const net = new TwoLayerNet(784, 50, 10, { seed: 1 });",
            "const trainer = new Trainer(net, mnist.train, mnist.test, { epochs: 1, batchSize: 100, evaluateSample: 100, verbose: false });",
            "await trainer.fit();",
            "trainer.history.lossPerBatch.length",
        ])
        counts = []
        for run in range(20):
            reply, _ = self.run_cell(build)
            self.assertEqual(reply["status"], "ok", f"rebuild {run + 1}: {reply}")
            counts.append(self.num_tensors())
        # After the first build the count holds one net, its Adam slots and the data: it must not grow.
        self.assertLessEqual(max(counts) - counts[0], 3, f"numTensors after each rebuild: {counts}")
        # The last net is still bound to `net` and works.
        self.assertEqual(self.value("Object.values(net.params()).every((p) => !p.isDisposed)"), "true")

    def test_num_bytes_stays_bounded_over_200_reruns_of_4_mb_of_temporaries(self):
        start = int(self.value("tf.memory().numBytes"))
        cell = "tf.ones([1024, 1024]).mul(2).sum().dataSync()[0]; tf.memory().numBytes"
        peak = 0
        for run in range(200):
            peak = max(peak, int(self.value(cell)))
        end = int(self.value("tf.memory().numBytes"))
        mb = 1024 * 1024
        # One run holds 8 MB (ones and its product) until the collection after it.
        self.assertLess(peak - start, 20 * mb, f"numBytes peaked {(peak - start) / mb:.1f} MB above the start over 200 runs")
        self.assertLess(end - start, 1 * mb, f"numBytes ended {(end - start) / mb:.1f} MB above the start")

    def test_reachable_tensors_are_never_released(self):
        cells = [
            "const readClosure = (() => { const t = tf.tensor([1, 2, 3]); return () => t.sum().dataSync()[0]; })();",
            "class Holder { #t = tf.tensor([4, 5]); sum(): number { return this.#t.sum().dataSync()[0]; } }\nconst holder = new Holder();",
            'const byName = new Map<string, tf.Tensor>([["seven", tf.tensor([7])]]);',
            'import { heldSum } from "./helper";',
            "const pending = (async () => { const t = tf.tensor([20, 22]); await new Promise((r) => setTimeout(r, 1500)); return t.sum().dataSync()[0]; })();",
            "const v = tf.variable(tf.scalar(3));",
        ]
        for code in cells:
            reply, _ = self.run_cell(code)
            self.assertEqual(reply["status"], "ok", f"{code!r}: {reply}")
        before = self.num_tensors()
        self.make_garbage()
        # The garbage was released (so collections did run), the held tensors were not.
        self.assertLessEqual(self.num_tensors(), before + 3, "garbage tensors were not released")
        self.assertEqual(self.value("readClosure()"), "6")
        self.assertEqual(self.value("holder.sum()"), "9")
        self.assertEqual(self.value('byName.get("seven")!.dataSync()[0]'), "7")
        self.assertEqual(self.value("heldSum()"), "18")
        self.assertEqual(self.value("await pending"), "42")
        # A Variable reached only by name is still registered: tf.variableGrads finds it.
        self.assertEqual(self.value("tf.variableGrads(() => v.square() as tf.Scalar).grads[v.name].dataSync()[0]"), "6")
        self.make_garbage()
        self.assertEqual(self.value("[readClosure(), holder.sum(), heldSum(), v.dataSync()[0]].join()"), "6,9,18,3")

    def test_library_disposes_and_double_disposes_stay_harmless(self):
        before = self.num_tensors()
        self.value("const once = tf.ones([4]); once.dispose(); once.dispose(); tf.tidy(() => tf.ones([3]).add(1)).dispose(); 0")
        self.make_garbage(1)
        # Nothing is counted twice: the disposed tensors are gone once (earlier garbage may go too).
        after = self.num_tensors()
        self.assertLessEqual(after, before, f"numTensors went from {before} to {after} after disposing twice")
        self.assertGreaterEqual(after, 0)
        self.assertEqual(self.value("once.isDisposed"), "true")


if __name__ == "__main__":
    unittest.main(verbosity=2)
