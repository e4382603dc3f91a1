#!/usr/bin/env python3
"""Weights that travel: a Regula model in PyTorch, and a PyTorch MLP's state dict for Regula.

Regula -> PyTorch. `load_regula(path)` reads a Regula checkpoint (`Checkpoint.save`, the
`model.safetensors` that `regula train` writes) and returns an equivalent `torch.nn.Sequential` in
eval mode, with the checkpoint's dtype:

    /usr/bin/python3 conformance/src/test/python/regula_torch.py model.safetensors [x.csv]

prints the Sequential and, given a CSV of inputs (one example per row, no header), the predicted
class of each row. The mapping, layer by layer (the architecture is the checkpoint's
`regula.architecture` metadata):
    Dense(nIn, nOut)          -> nn.Linear(nIn, nOut), weight = kernelᵀ (Regula's kernel is (nIn, nOut),
                                 torch's weight (nOut, nIn)), bias = bias[0]
    ReLU, Sigmoid, Tanh       -> nn.ReLU, nn.Sigmoid, nn.Tanh
    Softmax                   -> nn.Softmax(dim=1)
    Dropout(keepProb)         -> nn.Dropout(p = 1 - keepProb) (the identity in eval mode)
    GaussianNoise, GaussianDropout, ActivityRegularization -> nn.Identity (identities at inference)
    BatchNormalization(n, momentum, epsilon) -> nn.BatchNorm1d(n, eps=epsilon) with γ, β and the running
                                 mean and variance (state/0, state/1); in eval mode the momentum does not matter
A network trained with softmax cross-entropy ends with logits in both; apply softmax for probabilities.

PyTorch -> Regula. `save_state_dict(module, path)` writes a torch module's `state_dict()` as
safetensors (what `safetensors.torch.save_file` writes, without needing that package): names
`0.weight` (nOut, nIn), `0.bias` (nOut), ... Regula's conformance test `WeightsConformanceTest`
shows the Java side: each `k.weight` transposed into the k-th Dense layer's kernel, `k.bias` into
its bias. For an nn.Sequential of Linear and ReLU, Regula's `TorchStateDict` (nn) does that, and
`regula predict --torch-state-dict FILE --architecture 784-500-10` predicts with it;
check_mnist_export.py compares the two on all of MNIST's test images.

Only the Python standard library, numpy and torch are used.
"""
import json
import struct
import sys

import numpy as np
import torch

_NP = {"F64": "<f8", "F32": "<f4"}
_TORCH = {"F64": torch.float64, "F32": torch.float32}


def read_safetensors(path):
    """(tensors: name -> torch tensor, metadata: dict) of a safetensors file."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    data = raw[8 + n:]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        if info["dtype"] not in _NP:
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}; expected F32 or F64")
        a = np.frombuffer(data[begin:end], dtype=_NP[info["dtype"]]).reshape(info["shape"])
        tensors[name] = torch.from_numpy(a.copy())
    return tensors, metadata


def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, tensor) in file order; metadata: dict of str -> str."""
    header = {"__metadata__": dict(metadata or {})}
    blobs, offset = [], 0
    for name, t in tensors:
        t = t.detach().contiguous()
        code = {torch.float64: "F64", torch.float32: "F32"}[t.dtype]
        data = t.numpy().astype(_NP[code]).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((-len(raw)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def save_state_dict(module, path):
    """A torch module's state_dict as safetensors, in state_dict order."""
    write_safetensors(path, list(module.state_dict().items()))


def load_regula(path):
    """A Regula checkpoint as an eval-mode torch.nn.Sequential in the checkpoint's dtype."""
    tensors, metadata = read_safetensors(path)
    if metadata.get("regula.format") != "1" or "regula.architecture" not in metadata:
        raise ValueError(f"{path}: not a Regula checkpoint (expected regula.format=1 and regula.architecture)")
    arch = json.loads(metadata["regula.architecture"])
    dtype = _TORCH[arch["dtype"]]
    modules = []
    for i, layer in enumerate(arch["layers"]):
        kind = layer["type"]
        prefix = f"{kind.lower()}_{i}"      # Sequential names layer i "<simple class name, lower case>_i"
        if kind == "Dense":
            lin = torch.nn.Linear(layer["nIn"], layer["nOut"]).to(dtype)
            with torch.no_grad():
                lin.weight.copy_(tensors[prefix + "/kernel"].t())
                lin.bias.copy_(tensors[prefix + "/bias"].reshape(-1))
            modules.append(lin)
        elif kind in ("ReLU", "Sigmoid", "Tanh"):
            modules.append(getattr(torch.nn, kind)())
        elif kind == "Softmax":
            modules.append(torch.nn.Softmax(dim=1))
        elif kind == "Dropout":
            modules.append(torch.nn.Dropout(p=1 - layer["keepProb"]))
        elif kind in ("GaussianNoise", "GaussianDropout", "ActivityRegularization"):
            modules.append(torch.nn.Identity())
        elif kind == "BatchNormalization":
            bn = torch.nn.BatchNorm1d(layer["features"], eps=layer["epsilon"]).to(dtype)
            with torch.no_grad():
                bn.weight.copy_(tensors[prefix + "/gamma"].reshape(-1))
                bn.bias.copy_(tensors[prefix + "/beta"].reshape(-1))
                bn.running_mean.copy_(tensors[prefix + "/state/0"].reshape(-1))
                bn.running_var.copy_(tensors[prefix + "/state/1"].reshape(-1))
            modules.append(bn)
        else:
            raise ValueError(f"{path}: layer {i} has type {kind}, which this script does not map to torch")
    return torch.nn.Sequential(*modules).eval()


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    model = load_regula(argv[1])
    print(model)
    if len(argv) == 3:
        dtype = next(model.parameters()).dtype
        x = torch.from_numpy(np.loadtxt(argv[2], delimiter=",", ndmin=2)).to(dtype)
        with torch.no_grad():
            for c in model(x).argmax(dim=1).tolist():
                print(c)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
