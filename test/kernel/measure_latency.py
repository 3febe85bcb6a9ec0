"""Measures the kernel with a real client (jupyter_client): start to first result, trivial-cell
latency (median, p95 over 200 cells) and the kernel's memory growth (RSS) over those cells.
Usage: JUPYTER_DATA_DIR=<dir with the nnlab kernelspec> /usr/bin/python3 test/kernel/measure_latency.py [cells]
RSS is also sampled every 50 cells: V8 grows its heap before it collects, so one before/after
pair alone mixes a leak with garbage not yet collected; a leak keeps climbing, garbage plateaus.
"""
import statistics
import sys
import time

import jupyter_client


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run(kc, code):
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            return reply["content"]


t0 = time.perf_counter()
km = jupyter_client.KernelManager(kernel_name="nnlab")
km.start_kernel()
kc = km.client()
kc.start_channels()
assert run(kc, "1 + 1")["status"] == "ok"
startup = time.perf_counter() - t0
pid = km.provisioner.process.pid
for _ in range(20):
    run(kc, "1 + 1")
cells = int(sys.argv[1]) if len(sys.argv) > 1 else 200
rss_before = rss_mb(pid)
samples = []
times = []
for i in range(cells):
    t = time.perf_counter()
    assert run(kc, f"{i} + 1")["status"] == "ok"
    times.append((time.perf_counter() - t) * 1000)
    if (i + 1) % 50 == 0:
        samples.append(f"{rss_mb(pid):.0f}")
rss_after = rss_mb(pid)
times.sort()
print(f"start to first result: {startup:.2f} s")
print(f"trivial cell: median {statistics.median(times):.1f} ms, p95 {times[int(0.95 * len(times)) - 1]:.1f} ms ({cells} cells)")
print(f"kernel RSS: {rss_before:.1f} MB -> {rss_after:.1f} MB over {cells} cells ({rss_after - rss_before:+.1f} MB)")
print(f"kernel RSS every 50 cells (MB): {' '.join(samples)}")
kc.stop_channels()
km.shutdown_kernel()
del kc, km
