"""An interrupt can never break the cell compiler, driven through jupyter_client (Debian's python3).

Run from test/kernel/kernel.test.ts with JUPYTER_DATA_DIR pointing at a folder where
`nnlab kernel install` wrote the kernelspec. Under load an interrupt once landed while a cell was
still compiling; the protocol thread stopped the main thread's JavaScript inside tslab's compiler
and every later cell failed with "Unexpected pending rebuildTimer". Here interrupts land at random
moments into cells whose compilation is slow (a long source), with a busy process keeping a core
loaded, and after each one the next cells must compile, type-check and run.
"""
import os
import random
import subprocess
import sys
import time
import unittest

import jupyter_client
import cell_io

TIMEOUT = 120
# Printed, so a failing run can be repeated with NNLAB_INTERRUPT_SEED.
SEED = int(os.environ.get("NNLAB_INTERRUPT_SEED", str(int(time.time()))))
INTERRUPTS = 20
# Lines of the slow cell: long enough that compiling it takes well over the protocol thread's
# 300 ms grace before it stops running JavaScript, short enough that the test stays quick.
SLOW_LINES = 1500


def slow_cell(tag):
    """A cell that takes long to compile and no time to run; its block keeps its names out of later cells."""
    lines = [f'  const v{i}: {{ a: number; b: string; c: number[] }} = {{ a: {i}, b: "{tag}", c: [{i}, {i} + 1] }};' for i in range(SLOW_LINES)]
    return "{\n" + "\n".join(lines) + f"\n}}\n\"compiled {tag}\""


class NnlabCompileInterrupts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        print(f"compile interrupt seed {SEED}", file=sys.stderr)
        cls.busy = subprocess.Popen(["node", "-e", "for(;;){}"])
        cls.km, cls.kc = jupyter_client.manager.start_new_kernel(kernel_name="nnlab", startup_timeout=180)

    @classmethod
    def tearDownClass(cls):
        cls.busy.kill()
        cls.busy.wait()
        cls.kc.stop_channels()
        if cls.km.is_alive():
            cls.km.shutdown_kernel(now=True)

    def interrupt(self):
        """Sends interrupt_request and waits for its reply: the kernel has taken the interrupt, so a
        cell sent after this returns is never the one it stops."""
        msg = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(msg)
        deadline = time.time() + TIMEOUT
        while True:
            reply = self.kc.get_control_msg(timeout=max(1, deadline - time.time()))
            if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                self.assertEqual(reply["content"]["status"], "ok", f"interrupt_reply: {reply['content']}")
                return

    def value(self, code, what):
        """Runs code and returns its value's text/plain, failing with the cell's error otherwise."""
        reply, outputs = cell_io.collect(self.kc, self.kc.execute(code, stop_on_error=False), TIMEOUT)
        self.assertEqual(reply["status"], "ok", f"{what}: expected the cell to run, got {reply.get('ename')}: {reply.get('evalue')}")
        results = [c["data"]["text/plain"] for t, c in outputs if t == "execute_result"]
        self.assertEqual(len(results), 1, f"{what}: expected one value, got {outputs}")
        return results[0]

    def test_interrupts_at_random_moments_of_a_slow_compile_leave_the_compiler_working(self):
        rng = random.Random(SEED)
        self.assertEqual(self.value("const kept: number = 41; kept + 1", "setup"), "42")
        t0 = time.time()
        self.assertEqual(self.value(slow_cell("first"), "the slow cell, uninterrupted"), "compiled first")
        compile_s = time.time() - t0
        print(f"the slow cell took {compile_s:.2f} s", file=sys.stderr)
        interrupted = 0
        for n in range(INTERRUPTS):
            delay = rng.uniform(0, compile_s * 1.2)
            msg_id = self.kc.execute(slow_cell(f"run {n}"), stop_on_error=False)
            time.sleep(delay)
            self.interrupt()
            reply, outputs = cell_io.collect(self.kc, msg_id, TIMEOUT)
            what = f"interrupt {n} at {delay:.2f} s"
            if reply["status"] == "error":
                # Stopped while compiling (before any of its code ran); never a compiler failure.
                self.assertEqual(reply["ename"], "InterruptedError", f"{what}: {reply}")
                interrupted += 1
            else:
                # The interrupt came after the cell had run: its value is there.
                results = [c["data"]["text/plain"] for t, c in outputs if t == "execute_result"]
                self.assertEqual(results, [f"compiled run {n}"], what)
            # Every later cell compiles against the earlier declarations, type-checks and runs.
            self.assertEqual(self.value(f"const after{n}: number = kept + {n}; after{n}", what), str(41 + n))
            reply, outputs = cell_io.collect(self.kc, self.kc.execute(f'const wrong{n}: number = "text";', stop_on_error=False), TIMEOUT)
            self.assertEqual(reply.get("ename"), "TypeScriptError", f"{what}: a type error must still be reported: {reply}")
            self.assertIn("not assignable to type 'number'", reply["evalue"], what)
        print(f"{interrupted} of {INTERRUPTS} interrupts stopped the slow cell", file=sys.stderr)
        self.assertEqual(self.value(slow_cell("last"), "the slow cell after all interrupts"), "compiled last")
        self.assertTrue(self.km.is_alive())


if __name__ == "__main__":
    unittest.main(verbosity=2)
