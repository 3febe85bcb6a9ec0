"""process.exit() and process.abort() in cells of the real nnlab kernel (jupyter_client, ZeroMQ).

Run by test/badInput/kernelExit.test.ts with JUPYTER_DATA_DIR pointing at an nnlab kernelspec.
Prints one JSON object: for each cell its reply status, ename, evalue and the iopub error
names; then whether the kernel was alive and how it ended on a normal shutdown.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "kernel"))
import cell_io  # noqa: E402

TIMEOUT = 60
CELLS = [
    ("define", "let a = 41; a + 1"),
    ("exit3", "process.exit(3)"),
    ("after", "a"),
    ("exitBare", "process.exit()"),
    ("abort", "process.abort()"),
    ("defineQuit", "function quit(code: number): void { process.exit(code); }"),
    ("quitLater", "quit(1)"),
    ("timer", "setTimeout(() => process.exit(2), 0); await new Promise((r) => setTimeout(r, 300)); 'waited'"),
    ("still", "a + 1"),
]

km, kc = cell_io.start_logged(180)
popen = km.provisioner.process  # kept: jupyter_client drops its handle on shutdown
results = {}
try:
    for name, code in CELLS:
        reply, outputs = cell_io.run_cell(kc, code, TIMEOUT)
        results[name] = {
            "status": reply.get("status"),
            "ename": reply.get("ename"),
            "evalue": reply.get("evalue"),
            "errors": [c["ename"] + ": " + c["evalue"] for t, c in outputs if t == "error"],
            "values": [c["data"].get("text/plain") for t, c in outputs if t == "execute_result"],
        }
    results["aliveBeforeShutdown"] = km.is_alive()
finally:
    kc.stop_channels()
    km.shutdown_kernel()  # a normal shutdown_request: the kernel's own exit must still work
    deadline = time.time() + 30
    while popen.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    results["shutdownCode"] = popen.poll()
    results["log"] = cell_io.log_so_far(km)[-2000:]
print("RESULT " + json.dumps(results))
