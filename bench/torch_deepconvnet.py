"""PyTorch CPU reference for `npm run bench`: the book's DeepConvNet, same shapes and batch.

Prints one JSON line: {"torch": version, "threads": n, "trainImagesPerSecond": ..., "inferImagesPerSecond": ...}.
With --serve it stays up and steps on command instead, so the bench can time PyTorch in the same
alternating blocks as the TF.js contenders (the same machine load for all): it prints
{"ready": true, "torch": version, "threads": n} after warming up, then answers each line
"train K" or "infer K" on standard input with {"seconds": s} for K steps, until standard input ends.
Random inputs suffice: throughput does not depend on the pixel values.
"""
import argparse
import json
import time

import torch
from torch import nn


def deep_conv_net() -> nn.Sequential:
    def conv(cin, cout, pad):
        return [nn.Conv2d(cin, cout, 3, padding=pad), nn.ReLU()]

    return nn.Sequential(
        *conv(1, 16, 1), *conv(16, 16, 1), nn.MaxPool2d(2, 2),
        *conv(16, 32, 1), *conv(32, 32, 2), nn.MaxPool2d(2, 2),
        *conv(32, 64, 1), *conv(64, 64, 1), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(64 * 4 * 4, 50), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(50, 10), nn.Dropout(0.5),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--serve", action="store_true")
    args = parser.parse_args()
    # torch defaults to one thread on this machine; use the cores the other runs may use.
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    net = deep_conv_net()
    opt = torch.optim.Adam(net.parameters(), lr=0.001)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(args.batch, 1, 28, 28)
    t = torch.randint(0, 10, (args.batch,))

    def train_step() -> None:
        opt.zero_grad()
        loss = loss_fn(net(x), t)
        loss.backward()
        opt.step()

    def infer_step() -> None:
        net.eval()
        with torch.no_grad():
            net(x)
        net.train()

    if args.serve:
        serve(train_step, infer_step)
        return

    net.train()
    for _ in range(3):
        train_step()
    start = time.perf_counter()
    for _ in range(args.steps):
        train_step()
    train_ips = args.steps * args.batch / (time.perf_counter() - start)

    net.eval()
    with torch.no_grad():
        for _ in range(3):
            net(x)
        start = time.perf_counter()
        for _ in range(args.steps):
            net(x)
        infer_ips = args.steps * args.batch / (time.perf_counter() - start)

    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "trainImagesPerSecond": train_ips,
        "inferImagesPerSecond": infer_ips,
    }))


def serve(train_step, infer_step) -> None:
    import sys

    for _ in range(3):
        train_step()
        infer_step()
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    steps = {"train": train_step, "infer": infer_step}
    for line in sys.stdin:
        kind, _, count = line.strip().partition(" ")
        if kind not in steps or not count.isdigit():
            print(json.dumps({"error": f"expected 'train K' or 'infer K', got {line.strip()!r}"}), flush=True)
            continue
        start = time.perf_counter()
        for _ in range(int(count)):
            steps[kind]()
        print(json.dumps({"seconds": time.perf_counter() - start}), flush=True)


if __name__ == "__main__":
    main()
