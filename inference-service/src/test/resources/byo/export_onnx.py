"""Makes byo/model.onnx and byo/expected-onnx.json: a tiny classifier brought by a user as ONNX.

Run from this folder with Debian's PyTorch: /usr/bin/python3 export_onnx.py
[N, 1, 48, 48] normalised faces -> [N, 7] logits, batch axis dynamic; weights seeded, so the file is
reproducible. The expected logits are PyTorch's on two fixed inputs: linspace(-2, 2, 2304) and its negation.
"""
import json

import torch
from torch import nn

torch.manual_seed(5)
model = nn.Sequential(
    nn.Conv2d(1, 4, kernel_size=3, stride=2, padding=1), nn.ReLU(),  # 4 x 24 x 24
    nn.AdaptiveAvgPool2d(4), nn.Flatten(),  # 64
    nn.Linear(64, 7),
).eval()

ramp = torch.linspace(-2, 2, 48 * 48).reshape(1, 1, 48, 48)
inputs = torch.cat([ramp, -ramp])
with torch.no_grad():
    logits = model(inputs)

torch.onnx.export(model, inputs, "model.onnx", input_names=["faces"], output_names=["logits"],
                  dynamic_axes={"faces": {0: "batch"}, "logits": {0: "batch"}}, opset_version=13)
with open("expected-onnx.json", "w") as f:
    json.dump({"input": "linspace(-2, 2, 2304) as [1,1,48,48], then its negation", "torch": torch.__version__,
               "logits": logits.tolist()}, f)
    f.write("\n")
