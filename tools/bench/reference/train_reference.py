"""PyTorch reference for `./run.sh bench train`: the same architecture, batch, optimiser (SGD with
Nesterov momentum 0.9, weight decay 1e-4), loss and thread count, on in-memory data.

Run with Debian's torch:  /usr/bin/python3 tools/bench/reference/train_reference.py --model cnn --batch 64 --steps 60
Prints `train_images_per_s=<x>` as its last line (steps after a warm-up of --warmup steps).
"""
import argparse
import os
import resource
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from architectures import ResNet18, small_cnn  # noqa: E402  (same designs as the Java tests check)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--model', default='cnn', choices=['cnn', 'resnet18'])
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--steps', type=int, default=60)
    parser.add_argument('--warmup', type=int, default=10)
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    parser.add_argument('--crop', type=int, default=48, help='input side (the trainer trains on random crops of it)')
    parser.add_argument('--fast', action='store_true',
                        help="PyTorch with the Java side's layout choices: channels-last model and input, "
                             "cnn's max-pool before its ReLU (same function)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    model = small_cnn(args.crop, pool_first=args.fast) if args.model == 'cnn' else ResNet18()
    model.train()
    layout = torch.channels_last if args.fast else torch.contiguous_format
    model = model.to(memory_format=layout)
    optimiser = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    images = [(torch.rand(args.batch, 1, args.crop, args.crop) * 4 - 2).contiguous(memory_format=layout)
              for _ in range(args.steps + args.warmup)]
    labels = torch.randint(0, 7, (args.steps + args.warmup, args.batch))

    def step(i):
        optimiser.zero_grad()
        loss = loss_fn(model(images[i]), labels[i])
        loss.backward()
        optimiser.step()
        return loss.item()

    for i in range(args.warmup):
        step(i)
    start = time.perf_counter()
    for i in range(args.warmup, args.warmup + args.steps):
        step(i)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f'model={args.model} batch={args.batch} steps={args.steps} crop={args.crop} threads={args.threads} fast={args.fast} '
          f'torch={torch.__version__}')
    print(f'peak_rss_mb={peak_mb:.0f}')
    print(f'train_images_per_s={args.steps * args.batch / seconds:.1f}')


if __name__ == '__main__':
    main()
