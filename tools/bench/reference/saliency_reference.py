"""PyTorch reference for `./run.sh bench saliency`: median ms per map for one 48x48 face with a given target,
weights frozen (requires_grad only on the input), model in eval mode, same thread count:
`gradient` (one forward and backward) and `smoothgrad` (N noisy copies in one batched pass).

Run with Debian's torch:  /usr/bin/python3 tools/bench/reference/saliency_reference.py --models cnn,resnet18
Prints one `<model>_<method>_ms=<median>` line per figure, as the Java benchmark does.

It also prints the compute floor of SmoothGrad on the machine it runs on: each map costs about twice the forward pass's
multiply-adds (forward, then the backward to the input, weights frozen), and no pass of N copies can run faster
than N maps' floating-point operations at the measured peak of a large float32 matrix product
(`sgemm_gflops`, same threads). `<model>_smoothgrad<N>_floor_ms` is that bound, for comparison with
`N_over_gradient` targets.
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from architectures import ResNet18, small_cnn  # noqa: E402  (same designs as the Java tests check)

WARMUP = 20
WARMUP_SECONDS = 3


def gradient_map(model, x, target):
    x = x.clone().requires_grad_(True)
    logits = model(x)
    logits[:, target].sum().backward()
    return x.grad.abs()


def smoothgrad_map(model, x, target, samples, sigma):
    std = sigma * (x.max() - x.min())
    noisy = (x + std * torch.randn(samples, *x.shape[1:])).contiguous(memory_format=x_layout(x)).requires_grad_(True)
    logits = model(noisy)
    logits[:, target].sum().backward()
    return noisy.grad.abs().mean(dim=0, keepdim=True)


def x_layout(x):
    return torch.channels_last if x.is_contiguous(memory_format=torch.channels_last) and x.stride(1) == 1 else torch.contiguous_format


def forward_macs(model):
    """Multiply-adds of one 48x48 forward pass through the model's convolutions and linear layers."""
    total = [0]

    def count(module, inputs, output):
        if isinstance(module, torch.nn.Conv2d):
            total[0] += output.numel() * (module.in_channels // module.groups) * module.kernel_size[0] * module.kernel_size[1]
        elif isinstance(module, torch.nn.Linear):
            total[0] += output.numel() * module.in_features

    hooks = [m.register_forward_hook(count) for m in model.modules()]
    with torch.no_grad():
        model(torch.zeros(1, 1, 48, 48))
    for hook in hooks:
        hook.remove()
    return total[0]


def sgemm_gflops(side=2048, reps=10):
    a, b = torch.randn(side, side), torch.randn(side, side)
    for _ in range(3):
        a @ b
    best = float('inf')
    for _ in range(reps):
        t0 = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - t0)
    return 2 * side ** 3 / best / 1e9


def median_ms(fn, reps):
    # the Java side's warm-up: at least WARMUP maps and WARMUP_SECONDS
    warm, r = time.perf_counter(), 0
    while r < WARMUP or time.perf_counter() - warm < WARMUP_SECONDS:
        fn()
        r += 1
    times = []
    for r in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--models', default='cnn,resnet18')
    parser.add_argument('--reps', type=int, default=30)
    parser.add_argument('--samples', type=int, default=25)
    parser.add_argument('--threads', type=int, default=os.cpu_count())
    parser.add_argument('--unfrozen', action='store_true', help='leave requires_grad on the weights')
    parser.add_argument('--fast', action='store_true',
                        help="PyTorch with the Java side's layout choices: channels-last model and input, "
                             "cnn's max-pool before its ReLU (same function)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    layout = torch.channels_last if args.fast else torch.contiguous_format
    x = (torch.rand(1, 1, 48, 48) * 4 - 2).contiguous(memory_format=layout)
    print(f'threads={args.threads} reps={args.reps} samples={args.samples} fast={args.fast} torch={torch.__version__}')
    peak = sgemm_gflops()
    print(f'sgemm_gflops={peak:.1f}')
    for name in args.models.split(','):
        model = small_cnn(48, pool_first=args.fast) if name == 'cnn' else ResNet18()
        model.eval().to(memory_format=layout)
        for p in model.parameters():
            p.requires_grad_(args.unfrozen)
        gradient = median_ms(lambda: gradient_map(model, x, 3), args.reps)
        smooth = median_ms(lambda: smoothgrad_map(model, x, 3, args.samples, 0.15), args.reps)
        print(f'{name}_gradient_ms={gradient:.2f}')
        print(f'{name}_smoothgrad{args.samples}_ms={smooth:.2f}')
        print(f'{name}_smoothgrad_over_gradient={smooth / gradient:.2f}')
        gflop_per_map = 4 * forward_macs(model) / 1e9  # 2 FLOPs per multiply-add, forward and input backward
        print(f'{name}_gflop_per_map={gflop_per_map:.3f}')
        print(f'{name}_smoothgrad{args.samples}_floor_ms={1000 * args.samples * gflop_per_map / peak:.1f}')


if __name__ == '__main__':
    main()
