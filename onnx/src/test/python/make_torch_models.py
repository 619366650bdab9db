#!/usr/bin/python3
"""Makes the PyTorch-exported ONNX models that fnnc's import is tested on, with PyTorch's outputs on fixed inputs.

Run with Debian's PyTorch (apt-get install -y python3-torch; use /usr/bin/python3):
    /usr/bin/python3 onnx/src/test/python/make_torch_models.py onnx/src/test/resources/org/fnnc/onnx/torch
For each model NAME it writes NAME.onnx (torch.onnx.export) and NAME.expected: the inputs and the outputs
PyTorch computed for them, one sample per line, numbers in Python's shortest round-trip notation.
Everything is seeded, so a rerun with the same PyTorch writes the same files.
"""
import sys
from pathlib import Path

import torch
import torch.nn as nn


class MatMulMlp(nn.Module):
    """x @ W + b written out, as exported for inputs of rank > 2 or hand-written layers: MatMul + Add.
    The second layer multiplies by W.t() of a parameter, which without constant folding leaves a Transpose
    of an initializer in the graph."""

    def __init__(self):
        super().__init__()
        self.w1 = nn.Parameter(torch.randn(6, 10) * 0.5)
        self.b1 = nn.Parameter(torch.randn(10) * 0.1)
        self.w2 = nn.Parameter(torch.randn(4, 10) * 0.5)  # [out, in]: used transposed
        self.b2 = nn.Parameter(torch.randn(4) * 0.1)

    def forward(self, x):
        h = torch.tanh(x @ self.w1 + self.b1)
        return torch.sigmoid(h @ self.w2.t() + self.b2)


class Normalized(nn.Module):
    """Input scaling inside the model: (x - mean) / std, then an MLP."""

    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.tensor([5.8, 3.0, 3.7, 1.2]))
        self.register_buffer("std", torch.tensor([0.8, 0.4, 1.7, 0.7]))
        self.mlp = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3), nn.Softmax(dim=1))

    def forward(self, x):
        return self.mlp((x - self.mean) / self.std)


def models():
    torch.manual_seed(20261130)
    # name, module, input shape per sample, opset, constant folding, dtype
    yield ("sequential_softmax", nn.Sequential(nn.Flatten(), nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 8), nn.Tanh(),
                                               nn.Linear(8, 3), nn.Softmax(dim=1)), (3, 4), 13, True, torch.float32)
    yield ("leaky_logsoftmax", nn.Sequential(nn.Linear(5, 7), nn.LeakyReLU(0.2), nn.Linear(7, 7), nn.LeakyReLU(),
                                             nn.Linear(7, 4), nn.LogSoftmax(dim=-1)), (5,), 17, True, torch.float32)
    yield ("matmul_sigmoid", MatMulMlp(), (6,), 13, False, torch.float32)
    yield ("regression_double", nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 8), nn.Sigmoid(),
                                              nn.Linear(8, 2)), (3,), 13, True, torch.float64)
    yield ("normalized_opset11", Normalized(), (4,), 11, True, torch.float32)


def number(x):
    return repr(float(x))


def main(out_dir):
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, module, shape, opset, folding, dtype in models():
        module = module.to(dtype).eval()
        x = (torch.randn((7,) + shape) * 1.5).to(dtype)
        with torch.no_grad():
            y = module(x)
        torch.onnx.export(module, x[:1], str(out / (name + ".onnx")), input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=opset,
                          do_constant_folding=folding)
        flat_x = x.reshape(x.shape[0], -1)
        with open(out / (name + ".expected"), "w") as f:
            f.write("# %s.onnx: torch %s, opset %d, %s; inputs then PyTorch's outputs, one sample per line\n"
                    % (name, torch.__version__, opset, str(dtype).replace("torch.", "")))
            f.write("inputs %d %d\n" % tuple(flat_x.shape))
            for row in flat_x:
                f.write(" ".join(number(v) for v in row) + "\n")
            f.write("outputs %d %d\n" % tuple(y.shape))
            for row in y:
                f.write(" ".join(number(v) for v in row) + "\n")
        print(name, "->", out / (name + ".onnx"))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "onnx/src/test/resources/org/fnnc/onnx/torch")
