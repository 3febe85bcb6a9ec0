"""One way the kernel test scripts run a cell over jupyter_client and collect what it sent.

The scripts are run as `python3 -u test/kernel/<script>.py`, so this module is importable beside them.
"""
import os
import tempfile
import time

import jupyter_client


def iopub_until_idle(kc, msg_id, deadline):
    """The (msg_type, content) pairs the kernel published for request msg_id, up to its idle status."""
    outputs = []
    while True:
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status":
            if msg["content"]["execution_state"] == "idle":
                return outputs
            continue
        outputs.append((msg["msg_type"], msg["content"]))


def wait_for_stream(kc, msg_id, text, timeout=60):
    """Waits until request msg_id has printed `text` (the iopub messages before it are dropped): a
    marker that the cell's code got that far, where a fixed delay could end before it under load."""
    deadline = time.time() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(1, deadline - time.time()))
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                and text in msg["content"]["text"]):
            return


def shell_reply(kc, msg_id, deadline):
    """The shell reply's content for request msg_id (other replies are skipped)."""
    while True:
        reply = kc.get_shell_msg(timeout=max(1, deadline - time.time()))
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


def collect(kc, msg_id, timeout):
    """(reply content, [(msg_type, content), ...]) for a request already sent."""
    deadline = time.time() + timeout
    outputs = iopub_until_idle(kc, msg_id, deadline)
    return shell_reply(kc, msg_id, deadline), outputs


def run_cell(kc, code, timeout, **kw):
    """Executes code; returns (reply content, [(msg_type, content), ...]) for that request."""
    return collect(kc, kc.execute(code, **kw), timeout)


def start_logged(timeout, cwd=None, env=None):
    """A ready nnlab kernel (in cwd, with env added) whose log (stderr) goes to a file of its own."""
    log = tempfile.TemporaryFile()
    km = jupyter_client.KernelManager(kernel_name="nnlab")
    km.start_kernel(cwd=cwd, env={**os.environ, **(env or {})}, stderr=log)
    km.nnlab_log = log
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=timeout)
    return km, kc


def log_so_far(km):
    """What a kernel from start_logged has written to its log until now."""
    km.nnlab_log.seek(0)
    return km.nnlab_log.read().decode()


def stop_logged(km, kc):
    """Shuts a kernel from start_logged down; returns what it wrote to its log."""
    kc.stop_channels()
    km.shutdown_kernel()
    return log_so_far(km)


def value(kc, code, timeout):
    """The text/plain of a cell's results; an AssertionError when the cell fails."""
    reply, out = run_cell(kc, code, timeout)
    if reply["status"] != "ok":
        raise AssertionError(f"{code!r} failed: {reply.get('evalue')}")
    return [c["data"]["text/plain"] for t, c in out if t == "execute_result"]


def error(kc, code, timeout):
    """The error reply of a cell that must fail; an AssertionError when it does not."""
    reply, _ = run_cell(kc, code, timeout)
    if reply["status"] != "error":
        raise AssertionError(f"{code!r} should fail, got {reply}")
    return reply
