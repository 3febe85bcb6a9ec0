"""Interrupts that really stop training, driven through jupyter_client (Debian's python3).

Run from test/kernel/kernel.test.ts with JUPYTER_DATA_DIR pointing at a folder where
`nnlab kernel install` wrote the kernelspec. Two busy processes keep both cores loaded for the
whole run: the race this guards against (an abandoned Trainer.fit stepping on between later
cells) only showed under load.
"""
import collections
import json
import os
import random
import re
import subprocess
import sys
import time
import unittest

import jupyter_client

TIMEOUT = 120
# Printed, so a failing run can be repeated with NNLAB_INTERRUPT_SEED.
SEED = int(os.environ.get("NNLAB_INTERRUPT_SEED", str(int(time.time()))))
INTERRUPTS = 50


def batch_of(progress):
    """The batch number in a Trainer progress line ("epoch 1/500  batch 7/30  loss ...")."""
    match = re.search(r" batch (\d+)/", progress["data"]["text/plain"])
    return int(match.group(1)) if match else 0


class NnlabKernelInterrupts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        print(f"interrupt seed {SEED}", file=sys.stderr)
        cls.busy = [subprocess.Popen(["node", "-e", "for(;;){}"]) for _ in range(2)]
        cls.km, cls.kc = jupyter_client.manager.start_new_kernel(kernel_name="nnlab", startup_timeout=180)

    @classmethod
    def tearDownClass(cls):
        for p in cls.busy:
            p.kill()
            p.wait()
        cls.kc.stop_channels()
        if cls.km.is_alive():
            cls.km.shutdown_kernel(now=True)

    # ---- helpers ---------------------------------------------------------------------------------

    def setUp(self):
        # Messages by the request they answer: cells queued together are read in any order.
        self.iopub = collections.defaultdict(list)
        self.replies = {}

    def next_iopub(self, msg_id, deadline):
        while not self.iopub[msg_id]:
            msg = self.kc.get_iopub_msg(timeout=max(1, deadline - time.time()))
            self.iopub[msg["parent_header"].get("msg_id")].append(msg)
        return self.iopub[msg_id].pop(0)

    def read_until(self, msg_id, outputs, stop, timeout=TIMEOUT):
        """Reads iopub messages of msg_id into outputs until stop(msg_type, content) is true."""
        deadline = time.time() + timeout
        while True:
            msg = self.next_iopub(msg_id, deadline)
            if msg["msg_type"] != "status":
                outputs.append((msg["msg_type"], msg["content"]))
            if stop(msg["msg_type"], msg["content"]):
                return

    def finish(self, msg_id, outputs, timeout=TIMEOUT):
        """Reads the rest of a request's output (until idle) and its reply."""
        self.read_until(msg_id, outputs, lambda t, c: t == "status" and c["execution_state"] == "idle", timeout)
        deadline = time.time() + timeout
        while msg_id not in self.replies:
            reply = self.kc.get_shell_msg(timeout=max(1, deadline - time.time()))
            self.replies[reply["parent_header"].get("msg_id")] = reply["content"]
        return self.replies.pop(msg_id), outputs

    def run_cell(self, code, timeout=TIMEOUT):
        """Executes code; returns (reply content, [(msg_type, content), ...])."""
        return self.finish(self.kc.execute(code), [], timeout)

    def value_of(self, finished, what):
        """The text/plain value of a finished cell, failing on an error."""
        reply, out = finished
        self.assertEqual(reply["status"], "ok", f"{what}: {reply}")
        results = [c for t, c in out if t == "execute_result"]
        self.assertEqual(len(results), 1, f"{what}: {out}")
        return results[0]["data"]["text/plain"]

    def value(self, code):
        """Executes code and returns its value's text/plain, failing on an error."""
        return self.value_of(self.run_cell(code), code)

    def interrupt_frozen(self, code, counter, delay, started, what):
        """Starts code, interrupts it `delay` s after the output started(type, content), and checks
        that the counter stays frozen across the next two cells. Returns the counter."""
        msg_id = self.kc.execute(code, stop_on_error=False)
        outputs = []
        self.read_until(msg_id, outputs, started)
        time.sleep(delay)
        self.km.interrupt_kernel()
        # Queued at once, as "run the next cells" does: they reach the kernel while it is still
        # answering the interrupt, the moment an abandoned fit could slip past a cleared flag.
        # The second gives timers and other macrotasks a turn before it reads again.
        queued = [self.kc.execute(counter), self.kc.execute(f"await new Promise((r) => setTimeout(r, 150)); {counter}")]
        reply, outputs = self.finish(msg_id, outputs)
        self.assertEqual(reply["status"], "error", f"{what}: the cell was not interrupted: {reply}")
        self.assertEqual(reply["ename"], "InterruptedError", f"{what}: {reply}")
        first, second = (int(self.value_of(self.finish(q, []), f"{what}: {counter}")) for q in queued)
        self.assertEqual(second, first, f"{what}: training went on after the interrupt ({first} -> {second})")
        return first, outputs

    # ---- tests -----------------------------------------------------------------------------------

    def test_1_interrupt_trainer_fit_keeps_trained_params(self):
        setup = "\n".join([
            'import { TwoLayerNet, Trainer, loadMnist } from "nnlab";',
            "const mnist = loadMnist({ flatten: true, trainLimit: 3000, testLimit: 500 });",
            "const fitNet = new TwoLayerNet(784, 50, 10, { seed: 1 });",
            "const initialParams = Object.fromEntries(Object.entries(fitNet.params()).map(([k, p]) => [k, Array.from(p.dataSync())]));",
            "const fitTrainer = new Trainer(fitNet, mnist.train, mnist.test, { epochs: 500, batchSize: 100, evaluateSample: 500 });",
            "mnist.train.length",
        ])
        self.assertEqual(self.value(setup), "3000")
        # Interrupt once it has trained a few batches (the live progress line shows them).
        t0 = time.time()
        steps, out = self.interrupt_frozen(
            "await fitTrainer.fit();",
            "fitTrainer.history.lossPerBatch.length",
            0,
            lambda t, c: t == "update_display_data" and batch_of(c) >= 5,
            "Trainer.fit",
        )
        self.assertLess(time.time() - t0, 30.0)
        self.assertGreaterEqual(steps, 5)
        self.assertTrue(self.km.is_alive())
        self.assertEqual([c["ename"] for t, c in out if t == "error"], ["InterruptedError"])
        # The progress line: one display_data with a display_id, updated in place under that id.
        progress = [c for t, c in out if t == "display_data" and c.get("transient", {}).get("display_id")]
        self.assertEqual(len(progress), 1, out)
        display_id = progress[0]["transient"]["display_id"]
        self.assertRegex(progress[0]["data"]["text/plain"], r"^epoch 1/500  batch \d+/30")
        updates = [c for t, c in out if t == "update_display_data"]
        self.assertEqual({u["transient"]["display_id"] for u in updates}, {display_id})
        self.assertRegex(updates[-1]["data"]["text/plain"], r"loss \d+\.\d+  \d+ images/s  ETA")
        # The trained params are kept (they moved from their initial values) and usable.
        check = "\n".join([
            "const moved = Object.entries(fitNet.params()).map(([k, p]) => { const now = p.dataSync(); return Math.max(...initialParams[k].map((v, i) => Math.abs(v - now[i]))); });",
            "const acc = fitTrainer.evaluate().testAcc;",
            "JSON.stringify({ steps: fitTrainer.history.lossPerBatch.length, moved: Math.min(...moved), acc })",
        ])
        result = json.loads(self.value(check))
        self.assertEqual(result["steps"], steps)
        self.assertGreater(result["moved"], 0)
        # A few Adam steps on real digits already beat chance (10%) by far.
        self.assertGreater(result["acc"], 0.3)
        # And the Trainer trains on in a new fit.
        self.value("const again = new Trainer(fitNet, mnist.train, mnist.test, { epochs: 1, batchSize: 500, verbose: false }); 0")
        self.assertEqual(self.value("(await again.fit()).epochs.length"), "1")

    def test_2_fifty_interrupts_at_random_moments_under_load(self):
        setup = "\n".join([
            'import { TwoLayerNet, Trainer, loadMnist } from "nnlab";',
            "const small = loadMnist({ flatten: true, trainLimit: 600, testLimit: 100 });",
            "const raceNet = new TwoLayerNet(784, 16, 10, { seed: 2 });",
            # Small batches and an evaluation every 30 steps: interrupts land in steps, between
            # them and in evaluations alike.
            "const raceTrainer = new Trainer(raceNet, small.train, small.test, { epochs: 100000, batchSize: 20, evaluateSample: 100 });",
            "0",
        ])
        self.value(setup)
        rng = random.Random(SEED)
        counts = []
        for i in range(INTERRUPTS):
            delay = rng.uniform(0, 0.4)
            # From the fit's first progress display on: the interrupt lands inside Trainer.fit.
            steps, _ = self.interrupt_frozen(
                "await raceTrainer.fit();",
                "raceTrainer.history.lossPerBatch.length",
                delay,
                lambda t, c: t == "display_data",
                f"interrupt {i + 1}/{INTERRUPTS} after {delay:.3f} s (seed {SEED})",
            )
            counts.append(steps)
        # The interrupts hit running training, not only cells that had not started a step yet.
        trained_between = sum(1 for a, b in zip(counts, counts[1:]) if b > a)
        self.assertGreater(trained_between, INTERRUPTS // 2, counts)
        print(f"steps after each interrupt: {counts}", file=sys.stderr)

    def test_3_layers_fit_interrupted_mid_epoch_trains_again(self):
        setup = "\n".join([
            'import * as tf from "@tensorflow/tfjs";',
            'import { loadMnist } from "nnlab";',
            "const digits = loadMnist({ flatten: true, trainLimit: 2000, testLimit: 100 });",
            "const xs = tf.tensor2d(digits.train.x, [digits.train.length, 784]);",
            'const ys = tf.oneHot(tf.tensor1d(digits.train.labels, "int32"), 10);',
            "const layersModel = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 32, activation: 'relu' }), tf.layers.dense({ units: 10, activation: 'softmax' })] });",
            "layersModel.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });",
            "let layersBatches = 0;",
            # A line every 10 batches tells the client training is under way.
            "const countBatches = { onBatchEnd: async () => { if (++layersBatches % 10 === 0) console.log(`batches ${layersBatches}`); } };",
            "xs.shape[0]",
        ])
        self.assertEqual(self.value(setup), "2000")
        # 2000 / 50 = 40 batches an epoch: interrupt mid-epoch, once training is under way.
        for round_ in range(3):
            batches, _ = self.interrupt_frozen(
                "await layersModel.fit(xs, ys, { epochs: 1000, batchSize: 50, verbose: 0, callbacks: countBatches });",
                "layersBatches",
                0.1 * round_,
                lambda t, c: t == "stream" and "batches" in c["text"],
                f"model.fit, round {round_ + 1}",
            )
            self.assertGreater(batches, 0)
        # The model kept its weights, predicts, and trains again (no "another fit() call is ongoing").
        self.assertEqual(self.value("JSON.stringify((layersModel.predict(xs.slice([0, 0], [3, 784])) as tf.Tensor).shape)"), "[3,10]")
        history = json.loads(self.value("JSON.stringify((await layersModel.fit(xs, ys, { epochs: 1, batchSize: 200, verbose: 0 })).history)"))
        self.assertEqual(len(history["loss"]), 1)
        self.assertGreater(history["acc"][0], 0.5)
        # fitDataset stops the same way.
        self.value("const ds = tf.data.zip({ xs: tf.data.array(tf.unstack(xs)), ys: tf.data.array(tf.unstack(ys)) }).batch(50); 0")
        self.interrupt_frozen(
            "await layersModel.fitDataset(ds, { epochs: 1000, verbose: 0, callbacks: countBatches });",
            "layersBatches",
            0.2,
            lambda t, c: t == "stream" and "batches" in c["text"],
            "model.fitDataset",
        )
        self.assertEqual(self.value("(await layersModel.fit(xs, ys, { epochs: 1, batchSize: 500, verbose: 0 })).history.loss.length"), "1")


if __name__ == "__main__":
    unittest.main(verbosity=2)
