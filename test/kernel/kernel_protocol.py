"""Drives the real nnlab kernel through jupyter_client (Debian's python3) over real ZeroMQ.

Run from test/kernel/kernel.test.ts with JUPYTER_DATA_DIR pointing at a folder where
`nnlab kernel install` wrote the kernelspec. Each test asserts what a Jupyter frontend sees.
"""
import json
import os
import time
import unittest

import jupyter_client
import cell_io

TIMEOUT = 60


class NnlabKernelProtocol(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = jupyter_client.manager.start_new_kernel(kernel_name="nnlab", startup_timeout=120)
        cls.pid = cls.km.provisioner.process.pid

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        if cls.km.is_alive():
            cls.km.shutdown_kernel(now=True)

    def run_cell(self, code, timeout=TIMEOUT, **kw):
        """Executes code; returns (reply content, [(msg_type, content), ...]) for that request."""
        msg_id = self.kc.execute(code, **kw)
        return self.collect(msg_id, timeout)

    def collect(self, msg_id, timeout=TIMEOUT):
        return cell_io.collect(self.kc, msg_id, timeout)

    def of_type(self, outputs, msg_type):
        return [c for t, c in outputs if t == msg_type]

    def test_value_and_execute_input(self):
        reply, out = self.run_cell("const answer: number = 6 * 7; answer")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.of_type(out, "execute_input")[0]["code"], "const answer: number = 6 * 7; answer")
        result = self.of_type(out, "execute_result")
        self.assertEqual(len(result), 1)
        self.assertEqual(result[0]["data"]["text/plain"], "42")
        self.assertEqual(result[0]["execution_count"], reply["execution_count"])

    def test_stdout_and_stderr(self):
        reply, out = self.run_cell('console.log("out", 1); console.error("err", 2)')
        self.assertEqual(reply["status"], "ok")
        text = {c["name"]: c["text"] for c in self.of_type(out, "stream")}
        self.assertEqual(text, {"stdout": "out 1\n", "stderr": "err 2\n"})

    def test_burst_of_10000_lines_arrives_whole(self):
        reply, out = self.run_cell('for (let i = 0; i < 10000; i++) console.log("line " + i)')
        self.assertEqual(reply["status"], "ok")
        text = "".join(c["text"] for c in self.of_type(out, "stream") if c["name"] == "stdout")
        lines = text.splitlines()
        self.assertEqual(len(lines), 10000)
        self.assertEqual(lines[0], "line 0")
        self.assertEqual(lines[-1], "line 9999")

    def test_type_error_then_next_cell_runs(self):
        reply, out = self.run_cell("const n: number = 1;\nconst s: string = n;")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "TypeScriptError")
        self.assertIn("2:7", reply["evalue"])
        self.assertIn("TS2322", reply["evalue"])
        tb = "\n".join(reply["traceback"])
        self.assertIn("const s: string = n;", tb)
        self.assertEqual(self.of_type(out, "error")[0]["ename"], "TypeScriptError")
        reply, out = self.run_cell("1 + 1")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.of_type(out, "execute_result")[0]["data"]["text/plain"], "2")

    def test_thrown_exception_maps_to_cell_lines(self):
        code = 'function explode(what: string): never {\n  throw new RangeError("bad " + what);\n}\nconst before = 1;\nexplode("input");'
        reply, out = self.run_cell(code)
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "RangeError")
        self.assertEqual(reply["evalue"], "bad input")
        tb = "\n".join(reply["traceback"])
        self.assertIn("line 2", tb)
        self.assertIn("line 5", tb)
        self.assertNotIn("kernel/engine", tb)
        err = self.of_type(out, "error")
        self.assertEqual(err[0]["evalue"], "bad input")
        reply, _ = self.run_cell("before + 1")
        self.assertEqual(reply["status"], "ok")

    def test_stop_on_error_aborts_queued_cells(self):
        failing = self.kc.execute('throw new Error("stop here")')
        queued = self.kc.execute('console.log("must not run")')
        replies = {}
        while len(replies) < 2:
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]
        self.assertEqual(replies[failing]["status"], "error")
        self.assertEqual(replies[queued]["status"], "aborted")
        # stop_on_error=False: the next cell still runs.
        a = self.kc.execute('throw new Error("ignored")', stop_on_error=False)
        b = self.kc.execute("3")
        replies = {}
        while len(replies) < 2:
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]
        self.assertEqual(replies[a]["status"], "error")
        self.assertEqual(replies[b]["status"], "ok")

    def test_plotly_bundle_has_three_mime_types(self):
        code = 'import { show } from "nnlab";\nshow({ kind: "plotly", data: [{ y: [1, 3, 2], type: "scatter" }], layout: { title: "t" } });'
        reply, out = self.run_cell(code)
        self.assertEqual(reply["status"], "ok", reply)
        data = self.of_type(out, "display_data")[0]["data"]
        self.assertEqual(data["application/vnd.plotly.v1+json"]["data"][0]["y"], [1, 3, 2])
        self.assertIn("Plotly.newPlot", data["text/html"])
        self.assertIn("text/plain", data)

    def test_live_display_updates_in_place(self):
        code = 'import { display } from "nnlab";\nconst d = display("step 0");\nfor (let i = 1; i <= 3; i++) d.update("step " + i);'
        reply, out = self.run_cell(code)
        self.assertEqual(reply["status"], "ok", reply)
        shown = self.of_type(out, "display_data")
        updates = self.of_type(out, "update_display_data")
        self.assertEqual(len(shown), 1)
        display_id = shown[0]["transient"]["display_id"]
        self.assertEqual([u["transient"]["display_id"] for u in updates], [display_id] * 3)
        self.assertEqual(updates[-1]["data"]["text/plain"], "step 3")

    def interrupt_after(self, code, delay=0.7, started=None):
        """Runs code and interrupts it: after `delay` seconds, or, when `started` is given, as soon as
        the cell has printed that line (under load a fixed delay can end before the code gets there)."""
        msg_id = self.kc.execute(code)
        if started is None:
            time.sleep(delay)
        else:
            cell_io.wait_for_stream(self.kc, msg_id, started)
        t0 = time.time()
        self.km.interrupt_kernel()
        reply, out = self.collect(msg_id, timeout=20)
        return reply, out, time.time() - t0

    def check_interrupted(self, reply, elapsed):
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "InterruptedError")
        self.assertLess(elapsed, 1.0)
        self.assertTrue(self.km.is_alive())

    def test_interrupt_sync_loop_keeps_state(self):
        self.run_cell("let kept = 41; let spins = 0;")
        reply, _, elapsed = self.interrupt_after("while (true) { spins++; }")
        self.check_interrupted(reply, elapsed)
        reply, out = self.run_cell("kept + 1")
        self.assertEqual(self.of_type(out, "execute_result")[0]["data"]["text/plain"], "42")
        reply, out = self.run_cell("spins > 0")
        self.assertEqual(self.of_type(out, "execute_result")[0]["data"]["text/plain"], "true")

    def test_interrupt_async_loop_really_stops(self):
        self.run_cell("let ticks = 0;")
        reply, _, elapsed = self.interrupt_after("while (true) { ticks++; await new Promise((r) => setTimeout(r, 5)); }")
        self.check_interrupted(reply, elapsed)
        _, out = self.run_cell("ticks")
        first = int(self.of_type(out, "execute_result")[0]["data"]["text/plain"])
        time.sleep(0.3)
        _, out = self.run_cell("ticks")
        self.assertEqual(int(self.of_type(out, "execute_result")[0]["data"]["text/plain"]), first)

    def test_interrupt_sync_loop_after_await(self):
        self.run_cell("let afterAwait = 0;")
        reply, _, elapsed = self.interrupt_after(
            'await new Promise((r) => setTimeout(r, 10));\nconsole.log("looping");\nwhile (true) { afterAwait++; }', started="looping")
        self.check_interrupted(reply, elapsed)
        _, out = self.run_cell("afterAwait > 0")
        self.assertEqual(self.of_type(out, "execute_result")[0]["data"]["text/plain"], "true")

    def test_interrupt_long_async_job(self):
        self.run_cell("let finished = false;")
        reply, _, elapsed = self.interrupt_after("await new Promise((r) => setTimeout(r, 3000));\nfinished = true;")
        self.check_interrupted(reply, elapsed)
        time.sleep(2.6)
        _, out = self.run_cell("finished")
        self.assertEqual(self.of_type(out, "execute_result")[0]["data"]["text/plain"], "false")

    def test_interrupt_sync_library_call_without_checks(self):
        # A long synchronous call with no interrupt check (here JSON work in a native-ish builtin
        # loop) is stopped by terminating the main thread's JS through the inspector.
        self.run_cell("let survivor = 7;")
        code = "const big = Array.from({ length: 3e5 }, (_, i) => ({ i }));\n[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map(() => JSON.parse(JSON.stringify(big)).map((o: any) => JSON.stringify(o)).join().length).reduce((a, b) => a + b)"
        reply, _, elapsed = self.interrupt_after(code, delay=1.0)
        self.check_interrupted(reply, elapsed)
        _, out = self.run_cell("survivor")
        self.assertEqual(self.of_type(out, "execute_result")[0]["data"]["text/plain"], "7")

    def test_shorthand_names_an_earlier_cell_variable(self):
        # `{ apple }` must read the earlier cell's `apple` like `{ apple: apple }` does.
        self.run_cell("const apple = 100; let pear = 1;")
        reply, out = self.run_cell("console.log({ apple });\n({ apple, extra: 1 })")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual("".join(c["text"] for c in self.of_type(out, "stream")), "{ apple: 100 }\n")
        self.assertEqual(self.of_type(out, "execute_result")[0]["data"]["text/plain"], "{ apple: 100, extra: 1 }")
        # A destructuring assignment writes the earlier cell's variable.
        self.run_cell("({ pear } = { pear: 5 });")
        _, out = self.run_cell("pear")
        self.assertEqual(self.of_type(out, "execute_result")[0]["data"]["text/plain"], "5")
        # A type error after a shorthand is reported at the column the learner sees.
        reply, _ = self.run_cell("({ apple }).apple.foo();")
        self.assertEqual(reply["status"], "error")
        self.assertIn("1:19", reply["evalue"])
        self.assertIn("TS2339", reply["evalue"])

    def tensor_count(self):
        _, out = self.run_cell("tensorMemory().numTensors")
        return int(self.of_type(out, "execute_result")[0]["data"]["text/plain"])

    def test_rebinding_a_tensor_frees_the_old_one(self):
        self.run_cell('import { tf, tensorMemory } from "nnlab";')
        reply, _ = self.run_cell("const big = tf.ones([1000, 1000]);")
        self.assertEqual(reply["status"], "ok", reply)
        first = self.tensor_count()
        for _ in range(3):
            self.run_cell("const big = tf.ones([1000, 1000]);")
            self.assertEqual(self.tensor_count(), first)
        # A tensor another name still holds is kept, and stays usable.
        self.run_cell("let keepA = tf.ones([2]); const alias = keepA;")
        self.run_cell("keepA = tf.zeros([2]);")
        reply, out = self.run_cell("tf.sum(alias).dataSync()[0]")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.of_type(out, "execute_result")[0]["data"]["text/plain"], "2")
        # A variable is never freed by rebinding its name.
        self.run_cell("let weights = tf.variable(tf.ones([2])); const weightsRef = [weights];")
        self.run_cell("weights = tf.variable(tf.zeros([2]));")
        reply, out = self.run_cell("weightsRef[0].isDisposed")
        self.assertEqual(self.of_type(out, "execute_result")[0]["data"]["text/plain"], "false")

    def test_kernel_info(self):
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(reply["protocol_version"], "5.3")
        self.assertEqual(reply["implementation"], "nnlab")
        self.assertEqual(reply["language_info"]["name"], "typescript")
        self.assertRegex(reply["language_info"]["version"], r"^\d+\.\d+\.\d+$")
        self.assertIn("TensorFlow.js backend", reply["banner"])

    def test_is_complete(self):
        cases = {"const a = 1": "complete", "function f() {": "incomplete", "1 +* 2)": "invalid"}
        for code, expected in cases.items():
            self.kc.is_complete(code)
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
            self.assertEqual(reply["status"], expected, code)

    def test_complete_and_inspect_know_nnlab(self):
        self.run_cell('import * as nn from "nnlab";')
        code = "nn.sho"
        self.kc.complete(code, len(code))
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertIn("show", reply["matches"])
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (3, 6))
        code = "nn.show"
        self.kc.inspect(code, len(code))
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertTrue(reply["found"])
        self.assertIn("Shows a value as a rich output", reply["data"]["text/plain"])

    def test_comm_info(self):
        self.kc.comm_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["msg_type"], "comm_info_reply")
        self.assertEqual(reply["content"], {"status": "ok", "comms": {}})

    def send_raw(self, msg_type, content):
        """Sends a request with exactly this content (no client-side defaults); returns its msg_id."""
        msg = self.kc.session.msg(msg_type, content)
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def test_malformed_requests_get_error_replies_and_the_kernel_goes_on(self):
        cases = [
            ("execute_request", {"code": 5}, '"code" must be a string, got 5'),
            ("execute_request", {"silent": False}, '"code" must be a string, got nothing'),
            ("complete_request", {"code": "Math.", "cursor_pos": "end"}, '"cursor_pos" must be a whole number'),
            ("inspect_request", {"code": "Math", "cursor_pos": 2, "detail_level": "full"}, '"detail_level" must be a number'),
        ]
        for msg_type, content, evalue in cases:
            reply, out = self.collect(self.send_raw(msg_type, content))
            self.assertEqual(reply["status"], "error", msg_type)
            self.assertEqual(reply["ename"], "TypeError")
            self.assertIn(msg_type, reply["evalue"])
            self.assertIn(evalue, reply["evalue"])
            self.assertEqual(out, [])
        # Optional fields left out take the protocol's defaults (cursor_pos: the end of the code).
        reply, _ = self.collect(self.send_raw("complete_request", {"code": "Math.ab"}))
        self.assertIn("abs", reply["matches"])
        reply, out = self.collect(self.send_raw("execute_request", {"code": "6 * 7"}))
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(self.of_type(out, "execute_result")[0]["data"]["text/plain"], "42")

    def test_zz_shutdown_leaves_no_process(self):
        self.km.shutdown_kernel(now=False)
        self.assertFalse(self.km.is_alive())
        with self.assertRaises(ProcessLookupError):
            os.kill(self.pid, 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
