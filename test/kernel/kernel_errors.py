"""Errors nothing caught never end the nnlab kernel (real kernel, jupyter_client, real ZeroMQ).

An unawaited async throw, a late timer throw, an unhandled rejection, an emitter's 'error' and
a throw inside TF.js callbacks must each show up as an iopub `error` message, with its message
and stack, under the cell running when it fired or, when none was, under the next cell executed
(before that cell's own output); the kernel, its variables and a trained tensor survive. The
kernel runs on the wasm backend, whose Emscripten runtime adds process listeners that rethrow.

Run from test/kernel/kernel.test.ts with JUPYTER_DATA_DIR pointing at the nnlab kernelspec.
"""
import json
import os
import shutil
import tempfile
import time
import unittest

import jupyter_client
import cell_io

TIMEOUT = 60
# How long a test waits for a timer's marker file: generous, the machine is shared and busy.
LATE_TIMEOUT = 60


class NnlabLateErrors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.markers = tempfile.mkdtemp(prefix="nnlab-late-")
        env = {**os.environ, "NNLAB_BACKEND": "wasm"}
        cls.km, cls.kc = jupyter_client.manager.start_new_kernel(kernel_name="nnlab", startup_timeout=120, env=env)
        cls.marker_count = 0
        cls.defined = False

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        if cls.km.is_alive():
            cls.km.shutdown_kernel(now=True)
        shutil.rmtree(cls.markers, ignore_errors=True)

    # ---- helpers --------------------------------------------------------------------------------

    def run_cell(self, code, timeout=TIMEOUT):
        """Executes code; returns (reply content, [(msg_type, content), ...]) for that request."""
        return cell_io.run_cell(self.kc, code, timeout)

    def value_of(self, code):
        reply, out = self.run_cell(code)
        self.assertEqual(reply["status"], "ok", f"{code!r} failed: {reply}")
        results = [c for t, c in out if t == "execute_result"]
        self.assertEqual(len(results), 1, f"{code!r} gave no single value: {out}")
        return results[0]["data"]["text/plain"]

    def new_marker(self):
        """A file path a timer writes just before it throws, so the test knows the throw happened."""
        NnlabLateErrors.marker_count += 1
        return os.path.join(self.markers, f"fired-{self.marker_count}")

    def wait_for_file(self, path):
        deadline = time.time() + LATE_TIMEOUT
        while not os.path.exists(path):
            if time.time() > deadline:
                self.fail(f"the kernel's timer did not write {path} within {LATE_TIMEOUT} s")
            if not self.km.is_alive():
                self.fail("the kernel died before its timer fired")
            time.sleep(0.02)

    def errors_in(self, out, message):
        return [c for t, c in out if t == "error" and c["evalue"] == message]

    def assert_shown(self, error, message, stack_hint):
        """The error output names its message and carries a stack (a frame line with stack_hint)."""
        traceback = "\n".join(error["traceback"])
        self.assertIn(message, traceback, f"the traceback does not show the message {message!r}:\n{traceback}")
        self.assertTrue(
            any(line.strip().startswith("at ") and stack_hint in line for line in error["traceback"]),
            f"the traceback has no stack frame mentioning {stack_hint!r}:\n{traceback}",
        )

    def assert_alive_and_intact(self):
        self.assertTrue(self.km.is_alive(), "the kernel process died")
        self.assertEqual(self.value_of("kept + 1"), "42")
        self.assertEqual(self.value_of('Array.from(trained.dataSync()).join(",")'), "1,2,3")

    def expect_late_error(self, trigger, message, stack_hint, marker):
        """Runs `trigger`; the error `message` must show in that cell or, once `marker` exists, in the next.

        Returns "running" or "next": where the error was attached.
        """
        reply, out = self.run_cell(trigger)
        self.assertEqual(reply["status"], "ok", f"the trigger cell itself failed: {reply}")
        here = self.errors_in(out, message)
        if here:
            self.assertEqual(len(here), 1, out)
            self.assert_shown(here[0], message, stack_hint)
            self.assert_alive_and_intact()
            return "running"
        self.wait_for_file(marker)
        reply, out = self.run_cell("kept * 2")
        self.assertEqual(reply["status"], "ok", f"a late error must not fail the next cell's own code: {reply}")
        types = [t for t, _ in out]
        errors = self.errors_in(out, message)
        self.assertEqual(len(errors), 1, f"expected the late error {message!r} once in the next cell, got {out}")
        self.assertLess(types.index("error"), types.index("execute_result"), f"the late error must come before the cell's own output: {types}")
        self.assertEqual(types.index("execute_input"), 0, types)
        self.assertIn("shown with the next cell", errors[0]["traceback"][0])
        self.assert_shown(errors[0], message, stack_hint)
        self.assertEqual([c for t, c in out if t == "execute_result"][0]["data"]["text/plain"], "82")
        self.assert_alive_and_intact()
        return "next"

    def setUp(self):
        # Defined once, in the first test's set-up: every later check sees variables from long before.
        if NnlabLateErrors.defined:
            return
        NnlabLateErrors.defined = True
        reply, _ = self.run_cell(
            'import { tf } from "nnlab";\n'
            "const kept = 41;\n"
            "const trained = tf.variable(tf.tensor([1, 2, 3]));\n"
            'const mark = (file: string) => require("fs").writeFileSync(file, "fired");'
        )
        self.assertEqual(reply["status"], "ok", reply)

    # ---- tests --------------------------------------------------------------------------------

    def test_kernel_runs_the_wasm_backend(self):
        # The Emscripten listeners that rethrow exist only on wasm: the other tests prove nothing without it.
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertIn('backend "wasm"', reply["content"]["banner"])

    def test_unawaited_async_throw_shows_in_its_own_cell(self):
        reply, out = self.run_cell('async function f() { throw new Error("boom"); }\nf();')
        self.assertEqual(reply["status"], "ok", reply)
        errors = self.errors_in(out, "boom")
        self.assertEqual(len(errors), 1, out)
        self.assertIn("Unhandled promise rejection", errors[0]["traceback"][0])
        self.assertIn("while this cell ran", errors[0]["traceback"][0])
        self.assert_shown(errors[0], "boom", "at f (Cell In[")
        self.assert_alive_and_intact()

    def test_unhandled_rejection_shows_in_its_own_cell(self):
        reply, out = self.run_cell('Promise.reject(new Error("r"));\nconst afterReject = 1;')
        self.assertEqual(reply["status"], "ok", reply)
        errors = self.errors_in(out, "r")
        self.assertEqual(len(errors), 1, out)
        self.assert_shown(errors[0], "r", "Cell In[")
        self.assert_alive_and_intact()

    def test_timer_throw_while_a_cell_runs_shows_in_that_cell(self):
        # The throw's timer expires before the one the cell awaits: it fires while the cell runs.
        reply, out = self.run_cell('setTimeout(() => { throw new Error("during"); }, 50);\nawait new Promise((r) => setTimeout(r, 500));\n"done"')
        self.assertEqual(reply["status"], "ok", reply)
        errors = self.errors_in(out, "during")
        self.assertEqual(len(errors), 1, out)
        self.assertIn("Uncaught exception", errors[0]["traceback"][0])
        self.assert_shown(errors[0], "during", "Cell In[")
        self.assert_alive_and_intact()

    def test_late_timer_throw_shows_in_the_next_cell(self):
        marker = self.new_marker()
        where = self.expect_late_error(
            f'setTimeout(() => {{ mark({json.dumps(marker)}); throw new Error("late"); }}, 200);', "late", "Cell In[", marker
        )
        self.assertEqual(where, "next")

    def test_emitter_error_in_a_timer(self):
        marker = self.new_marker()
        trigger = (
            "setTimeout(() => {\n"
            f"  mark({json.dumps(marker)});\n"
            '  new (require("events").EventEmitter)().emit("error", new Error("e"));\n'
            "}, 100);"
        )
        self.assertEqual(self.expect_late_error(trigger, "e", "Cell In[", marker), "next")

    def test_throw_inside_tf_tidy_from_a_timer(self):
        marker = self.new_marker()
        trigger = f'setTimeout(() => tf.tidy(() => {{ mark({json.dumps(marker)}); throw new Error("in tidy"); }}), 100);'
        self.assertEqual(self.expect_late_error(trigger, "in tidy", "Cell In[", marker), "next")
        # tidy's scope was closed by the throw: tensors made later are not swallowed by it.
        self.assertEqual(self.value_of("tf.ones([2]).sum().dataSync()[0]"), "2")

    def test_throw_after_tf_data(self):
        marker = self.new_marker()
        trigger = f'tf.tensor([5]).data().then(() => {{ mark({json.dumps(marker)}); throw new Error("after data"); }});'
        self.expect_late_error(trigger, "after data", "Cell In[", marker)

    def test_several_late_errors_all_show_in_order(self):
        marker = self.new_marker()
        trigger = (
            'setTimeout(() => { throw new Error("first"); }, 50);\n'
            f'setTimeout(() => {{ mark({json.dumps(marker)}); throw new Error("second"); }}, 100);'
        )
        reply, _ = self.run_cell(trigger)
        self.assertEqual(reply["status"], "ok", reply)
        self.wait_for_file(marker)
        reply, out = self.run_cell("kept")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual([c["evalue"] for t, c in out if t == "error"], ["first", "second"])
        self.assert_alive_and_intact()

    def test_zz_backend_initialized_again_still_cannot_end_the_kernel(self):
        # A fresh wasm module adds its rethrowing listeners again (and its dispose removes every
        # listener it finds). Last test: re-registering the backend drops the old backend's tensors.
        reply, _ = self.run_cell(
            'const wasmFactory = tf.findBackendFactory("wasm");\n'
            'tf.removeBackend("wasm");\n'
            'tf.registerBackend("wasm", wasmFactory);\n'
            'const reinitialized = await tf.setBackend("wasm");'
        )
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.value_of("reinitialized"), "true")
        marker = self.new_marker()
        reply, _ = self.run_cell(f'setTimeout(() => {{ mark({json.dumps(marker)}); throw new Error("after reinit"); }}, 100);')
        self.assertEqual(reply["status"], "ok", reply)
        self.wait_for_file(marker)
        reply, out = self.run_cell("kept + 1")
        self.assertEqual(len(self.errors_in(out, "after reinit")), 1, out)
        self.assertEqual([c for t, c in out if t == "execute_result"][0]["data"]["text/plain"], "42")
        self.assertEqual(self.value_of("tf.tensor([1, 2]).sum().dataSync()[0]"), "3")
        self.assertTrue(self.km.is_alive())


if __name__ == "__main__":
    unittest.main(verbosity=2)
