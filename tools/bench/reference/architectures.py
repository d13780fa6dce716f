#!/usr/bin/python3
"""PyTorch reference for the architectures in io.ferperturb.models (libs/models).

Defines the same designs as the DJL factories (1 input channel, 7 classes) and prints, per architecture,
its name, trainable parameter count (``parameters()``: batch-norm running statistics are buffers, not
parameters) and the output shape for a 48x48 and a 40x40 batch of two:

    name=<architecture> params48=<n> params40=<n> out48=<shape> out40=<shape>

The Java test ArchitecturesTest asserts that DJL's counts equal these numbers exactly; if a design
changes, change it on both sides and copy the new numbers.

With ``--compare DIR`` it checks that the designs also compute the same function: for every
``DIR/<name>.params.f32`` written by the Java test PyTorchEquivalenceTest (every DJL parameter array,
batch-norm running statistics included, in DJL's order, which is the order of PyTorch's ``state_dict()``
without ``num_batches_tracked``; raw little-endian float32), it loads those values into the PyTorch model,
runs ``DIR/<name>.input.f32`` ([2,1,48,48]) in eval mode and prints the largest difference from DJL's
logits ``DIR/<name>.logits.f32``:

    name=<architecture> maxdiff=<x> scale=<largest |logit|>

Run with Debian's torch: /usr/bin/python3 tools/bench/reference/architectures.py [--compare DIR]

Sources of the designs:
- vgg16: VGG16 with batch norm (torchvision's ``vgg16_bn`` conv stack, conv bias kept) on 1 channel, then
  global average pooling and a classifier Dropout(0.4) -> Linear(512, 7).
- resnet18 / dpn26 / densenet121: kuangliu/pytorch-cifar ResNet18, DPN26, DenseNet121 with 1 input
  channel and 7 classes; their fixed ``avg_pool2d(out, 4)`` is replaced by global average pooling, so
  the 6x6 (48x48 input) or 5x5 (40x40) last feature map is averaged whole (same parameters).
- attention-cnn: a CBAM spatial gate (max and mean over channels -> conv 7x7 2->1, padding 3, no bias ->
  batch norm -> sigmoid, multiplied into the input) in front of the ``cnn`` baseline, whose
  Linear(128*s*s -> 256) depends on the input side (s = 6 for 48x48, 5 for 40x40).
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CLASSES = 7


# ---------------------------------------------------------------------------- cnn (baseline body)
def small_cnn(side, classes=CLASSES, pool_first=False):
    """pool_first: max-pool before ReLU, the same function (ReLU is monotonic) as the Java block computes it."""
    layers, c = [], 1
    for out in (32, 64, 128):
        tail = [nn.MaxPool2d(2, 2), nn.ReLU()] if pool_first else [nn.ReLU(), nn.MaxPool2d(2, 2)]
        layers += [nn.Conv2d(c, out, 3, padding=1, bias=False), nn.BatchNorm2d(out)] + tail
        c = out
    s = side // 8
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(128 * s * s, 256), nn.ReLU(), nn.Dropout(0.3),
                         nn.Linear(256, classes))


# ---------------------------------------------------------------------------- vgg16
VGG16 = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M']


class Vgg16(nn.Module):
    def __init__(self, classes=CLASSES):
        super().__init__()
        layers, c = [], 1
        for v in VGG16:
            if v == 'M':
                layers.append(nn.MaxPool2d(2, 2))
            else:
                layers += [nn.Conv2d(c, v, 3, padding=1), nn.BatchNorm2d(v), nn.ReLU()]
                c = v
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Dropout(0.4), nn.Linear(512, classes))

    def forward(self, x):
        out = F.adaptive_avg_pool2d(self.features(x), 1).flatten(1)
        return self.classifier(out)


# ---------------------------------------------------------------------------- resnet18 (CIFAR-style)
class BasicBlock(nn.Module):
    def __init__(self, in_planes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_planes != planes:
            self.shortcut = nn.Sequential(nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False),
                                          nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet18(nn.Module):
    def __init__(self, classes=CLASSES):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, 3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers, in_planes = [], 64
        for planes, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            for s in (stride, 1):
                layers.append(BasicBlock(in_planes, planes, s))
                in_planes = planes
        self.layers = nn.Sequential(*layers)
        self.linear = nn.Linear(512, classes)

    def forward(self, x):
        out = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.linear(F.adaptive_avg_pool2d(out, 1).flatten(1))


# ---------------------------------------------------------------------------- dpn26
class DpnBottleneck(nn.Module):
    def __init__(self, last_planes, in_planes, out_planes, dense_depth, stride, first_layer):
        super().__init__()
        self.out_planes = out_planes
        self.conv1 = nn.Conv2d(last_planes, in_planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(in_planes)
        self.conv2 = nn.Conv2d(in_planes, in_planes, 3, stride=stride, padding=1, groups=32, bias=False)
        self.bn2 = nn.BatchNorm2d(in_planes)
        self.conv3 = nn.Conv2d(in_planes, out_planes + dense_depth, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out_planes + dense_depth)
        self.shortcut = nn.Sequential()
        if first_layer:
            self.shortcut = nn.Sequential(
                nn.Conv2d(last_planes, out_planes + dense_depth, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_planes + dense_depth))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        x = self.shortcut(x)
        d = self.out_planes
        return F.relu(torch.cat([x[:, :d] + out[:, :d], x[:, d:], out[:, d:]], 1))


class Dpn26(nn.Module):
    IN_PLANES, OUT_PLANES = (96, 192, 384, 768), (256, 512, 1024, 2048)
    NUM_BLOCKS, DENSE_DEPTH = (2, 2, 2, 2), (16, 32, 24, 128)

    def __init__(self, classes=CLASSES):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 64, 3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers, last = [], 64
        for stage in range(4):
            for i in range(self.NUM_BLOCKS[stage]):
                stride = (1 if stage == 0 else 2) if i == 0 else 1
                layers.append(DpnBottleneck(last, self.IN_PLANES[stage], self.OUT_PLANES[stage],
                                            self.DENSE_DEPTH[stage], stride, i == 0))
                last = self.OUT_PLANES[stage] + (i + 2) * self.DENSE_DEPTH[stage]
        self.layers = nn.Sequential(*layers)
        self.linear = nn.Linear(last, classes)

    def forward(self, x):
        out = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.linear(F.adaptive_avg_pool2d(out, 1).flatten(1))


# ---------------------------------------------------------------------------- densenet121 (CIFAR-style)
class DenseBottleneck(nn.Module):
    def __init__(self, in_planes, growth):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(in_planes)
        self.conv1 = nn.Conv2d(in_planes, 4 * growth, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(4 * growth)
        self.conv2 = nn.Conv2d(4 * growth, growth, 3, padding=1, bias=False)

    def forward(self, x):
        out = self.conv1(F.relu(self.bn1(x)))
        out = self.conv2(F.relu(self.bn2(out)))
        return torch.cat([out, x], 1)


class Transition(nn.Module):
    def __init__(self, in_planes, out_planes):
        super().__init__()
        self.bn = nn.BatchNorm2d(in_planes)
        self.conv = nn.Conv2d(in_planes, out_planes, 1, bias=False)

    def forward(self, x):
        return F.avg_pool2d(self.conv(F.relu(self.bn(x))), 2)


class DenseNet121(nn.Module):
    def __init__(self, classes=CLASSES, blocks=(6, 12, 24, 16), growth=32, reduction=0.5):
        super().__init__()
        planes = 2 * growth
        layers = [nn.Conv2d(1, planes, 3, padding=1, bias=False)]
        for stage, n in enumerate(blocks):
            for _ in range(n):
                layers.append(DenseBottleneck(planes, growth))
                planes += growth
            if stage < len(blocks) - 1:
                out = int(math.floor(planes * reduction))
                layers.append(Transition(planes, out))
                planes = out
        self.layers = nn.Sequential(*layers)
        self.bn = nn.BatchNorm2d(planes)
        self.linear = nn.Linear(planes, classes)

    def forward(self, x):
        out = F.relu(self.bn(self.layers(x)))
        return self.linear(F.adaptive_avg_pool2d(out, 1).flatten(1))


# ---------------------------------------------------------------------------- attention-cnn
class SpatialAttentionGate(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, 7, padding=3, bias=False)
        self.bn = nn.BatchNorm2d(1)

    def attention(self, x):
        pooled = torch.cat([x.max(dim=1, keepdim=True)[0], x.mean(dim=1, keepdim=True)], 1)
        return torch.sigmoid(self.bn(self.conv(pooled)))

    def forward(self, x):
        return x * self.attention(x)


def attention_cnn(side, classes=CLASSES):
    return nn.Sequential(SpatialAttentionGate(), small_cnn(side, classes))


# ---------------------------------------------------------------------------- report
ARCHITECTURES = {
    'cnn': small_cnn,
    'vgg16': lambda side: Vgg16(),
    'resnet18': lambda side: ResNet18(),
    'dpn26': lambda side: Dpn26(),
    'densenet121': lambda side: DenseNet121(),
    'attention-cnn': attention_cnn,
}


def trainable(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def main():
    torch.manual_seed(0)
    for name, build in ARCHITECTURES.items():
        counts, shapes = {}, {}
        for side in (48, 40):
            model = build(side).eval()
            counts[side] = trainable(model)
            with torch.no_grad():
                shapes[side] = 'x'.join(str(d) for d in model(torch.randn(2, 1, side, side)).shape)
        print(f'name={name} params48={counts[48]} params40={counts[40]} out48={shapes[48]} out40={shapes[40]}')


def compare(directory, side=48, batch=2):
    for name, build in ARCHITECTURES.items():
        prefix = os.path.join(directory, name)
        if not os.path.exists(prefix + '.params.f32'):
            continue
        values = np.fromfile(prefix + '.params.f32', dtype='<f4')
        model = build(side).eval()
        state = {k: v for k, v in model.state_dict().items() if not k.endswith('num_batches_tracked')}
        expected = sum(v.numel() for v in state.values())
        if expected != values.size:
            print(f'name={name} error=size-{values.size}-expected-{expected}')
            continue
        loaded, offset = {}, 0
        for key, tensor in state.items():
            n = tensor.numel()
            loaded[key] = torch.from_numpy(values[offset:offset + n].copy()).view_as(tensor)
            offset += n
        model.load_state_dict(loaded, strict=False)
        x = torch.from_numpy(np.fromfile(prefix + '.input.f32', dtype='<f4')).view(batch, 1, side, side)
        djl = torch.from_numpy(np.fromfile(prefix + '.logits.f32', dtype='<f4')).view(batch, CLASSES)
        with torch.no_grad():
            out = model(x)
        print(f'name={name} maxdiff={(out - djl).abs().max().item():.3e} scale={djl.abs().max().item():.3e}')


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == '--compare':
        compare(sys.argv[2])
    else:
        main()
