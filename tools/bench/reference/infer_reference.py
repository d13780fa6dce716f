"""PyTorch reference for the raw side of `./run.sh bench infer`: inference-mode forward passes of the same
architecture on the same thread count, one face at a time (median latency) and in batches (images/s).

Run with Debian's torch:  /usr/bin/python3 tools/bench/reference/infer_reference.py --model cnn --batch 16
Prints `name=value` lines; the Java side's figures are raw_single_p50_ms and raw_batched_images_per_s.
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from architectures import ResNet18, small_cnn  # noqa: E402  (same designs as the Java tests check)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--model', default='cnn', choices=['cnn', 'resnet18'])
    parser.add_argument('--batch', type=int, default=16)
    parser.add_argument('--max-batch', type=int, default=32)
    parser.add_argument('--seconds', type=float, default=3.0)
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    model = small_cnn(48) if args.model == 'cnn' else ResNet18()
    model.eval()

    with torch.inference_mode():
        one = torch.rand(1, 1, 48, 48) * 4 - 2
        for _ in range(20):
            model(one)
        times = []
        for _ in range(300):
            t0 = time.perf_counter()
            model(one)
            times.append(time.perf_counter() - t0)
        print(f"model={args.model} batch={args.batch} threads={args.threads} torch={torch.__version__}")
        print(f"raw_single_p50_ms={statistics.median(times) * 1e3:.3f}")
        print(f"raw_batched_images_per_s={images_per_second(model, args.batch, args.seconds):.1f}")
        print(f"raw_max_batch_images_per_s={images_per_second(model, args.max_batch, args.seconds):.1f}")


def images_per_second(model, batch, seconds):
    x = torch.rand(batch, 1, 48, 48) * 4 - 2
    for _ in range(10):
        model(x)
    t0 = time.perf_counter()
    images = 0
    while time.perf_counter() - t0 < seconds:
        model(x)
        images += batch
    return images / (time.perf_counter() - t0)


if __name__ == '__main__':
    main()
