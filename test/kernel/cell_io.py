"""One way the kernel test scripts run a cell over jupyter_client and collect what it sent.

The scripts are run as `python3 -u test/kernel/<script>.py`, so this module is importable beside them.
"""
import time


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
