"""Measures the kernel with a real client (jupyter_client): start to first result (`1 + 1`), then
the first cell that imports nnlab (it loads the library and TF.js; at once, and after the kernel
was idle a few seconds), cell latency
over 200 trivial cells (`1 + 1`) then 200 declaring cells (`const v1 = 1 * 2;` ...), and the
kernel's memory (RSS) growth over those 400 cells, each figure the median of several runs.

Usage: JUPYTER_DATA_DIR=<dir with the nnlab kernelspec> /usr/bin/python3 test/kernel/measure_latency.py [runs] [cells]

RSS is read after a full garbage collection: V8 grows its heap before it collects, so a raw RSS
mixes a leak with garbage not yet collected. The kernel is started with NNLAB_MEASURE=1, which
lets a cell that is exactly `%gc` run a full GC (learners' kernels do not have it; the kernel's
tensor collection never depends on it).
"""
import os
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


def cpu_s(pid):
    """CPU seconds (user + system, all threads) the process has used: fairer than wall time on a busy machine."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(kc, code):
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=120)
        if reply["parent_header"].get("msg_id") == msg_id:
            assert reply["content"]["status"] == "ok", (code, reply["content"])
            return reply["content"]


def timed(kc, code):
    t = time.perf_counter()
    run(kc, code)
    return (time.perf_counter() - t) * 1000


def rss_after_gc(kc, pid):
    run(kc, "%gc")
    return rss_mb(pid)


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, int(0.95 * len(ordered)) - 1)]


def start(env):
    """Starts a kernel and its client without waiting: the first cell's reply is what is timed."""
    km = jupyter_client.KernelManager(kernel_name="nnlab")
    km.start_kernel(env={**os.environ, **env})
    kc = km.client()
    kc.start_channels()
    return km, kc


def measure(cells):
    t0 = time.perf_counter()
    km, kc = start({"NNLAB_MEASURE": "1"})
    run(kc, "1 + 1")
    startup = time.perf_counter() - t0
    pid = km.provisioner.process.pid
    startup_cpu = cpu_s(pid)
    # At once, as nbconvert would: the kernel loads nnlab and TF.js with the first cell that
    # imports a module (or once idle), so this cell waits for them.
    first_import = timed(kc, 'import * as nn from "nnlab";\nnn.backendInfo()?.name') / 1000
    for _ in range(20):
        run(kc, "1 + 1")
    base = rss_after_gc(kc, pid)
    trivial = [timed(kc, f"{i} + 1") for i in range(cells)]
    after_trivial = rss_after_gc(kc, pid)
    declaring = [timed(kc, f"const v{i} = {i} * 2;") for i in range(cells)]
    after_declaring = rss_after_gc(kc, pid)
    kc.stop_channels()
    km.shutdown_kernel()
    return {
        "startup_s": startup,
        "startup_cpu_s": startup_cpu,
        "first_import_s": first_import,
        "startup_to_import_s": startup + first_import,
        "trivial_median_ms": statistics.median(trivial),
        "trivial_p95_ms": p95(trivial),
        "declaring_median_ms": statistics.median(declaring),
        "trivial_first50_ms": statistics.median(trivial[:50]),
        "trivial_last50_ms": statistics.median(trivial[-50:]),
        "declaring_first50_ms": statistics.median(declaring[:50]),
        "declaring_last50_ms": statistics.median(declaring[-50:]),
        "rss_base_mb": base,
        "rss_growth_trivial_mb": after_trivial - base,
        "rss_growth_declaring_mb": after_declaring - after_trivial,
        "rss_growth_total_mb": after_declaring - base,
    }


def idle_then_import(pause_s):
    """Start to first result, then a pause like a learner reading the lesson, then the first
    cell importing nnlab: the idle kernel has loaded the library and parsed its types by then."""
    km, kc = start({})
    run(kc, "1 + 1")
    time.sleep(pause_s)
    first_import = timed(kc, 'import * as nn from "nnlab";\nnn.backendInfo()?.name') / 1000
    kc.stop_channels()
    km.shutdown_kernel()
    return first_import


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    cells = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    results = []
    for i in range(runs):
        r = measure(cells)
        results.append(r)
        print(f"run {i + 1}: " + ", ".join(f"{k} {v:.2f}" for k, v in r.items()), flush=True)
    med = {k: statistics.median(r[k] for r in results) for k in results[0]}
    pause_s = 4
    idle_imports = [idle_then_import(pause_s) for _ in range(runs)]
    print(f"median of {runs} runs ({cells} trivial + {cells} declaring cells):")
    print(f"  start to first result: {med['startup_s']:.2f} s wall, {med['startup_cpu_s']:.2f} s CPU in the kernel process")
    print(f"  then a cell importing nnlab (it loads nnlab and TF.js): {med['first_import_s']:.2f} s;"
          f" start to that cell's result: {med['startup_to_import_s']:.2f} s")
    print(f"  the same cell after {pause_s} s idle (the kernel loaded nnlab and parsed its types meanwhile):"
          f" {statistics.median(idle_imports):.2f} s")
    print(f"  trivial cell: median {med['trivial_median_ms']:.1f} ms, p95 {med['trivial_p95_ms']:.1f} ms;"
          f" declaring cell: median {med['declaring_median_ms']:.1f} ms")
    print(f"  flatness (median of the first and last 50): trivial {med['trivial_first50_ms']:.1f} -> {med['trivial_last50_ms']:.1f} ms,"
          f" declaring {med['declaring_first50_ms']:.1f} -> {med['declaring_last50_ms']:.1f} ms")
    print(f"  kernel RSS after full GC: {med['rss_base_mb']:.0f} MB at start; +{med['rss_growth_trivial_mb']:.1f} MB over the"
          f" trivial cells, +{med['rss_growth_declaring_mb']:.1f} MB over the declaring cells, +{med['rss_growth_total_mb']:.1f} MB in all")


if __name__ == "__main__":
    main()
