#!/usr/bin/env python3
"""Weights that travel, on all of MNIST's 10,000 test images, both ways.

Regula -> PyTorch: a Regula checkpoint and the CSV `regula predict` wrote for it:

    ./regula train --preset baseline --epochs 1 --save /tmp/x/model.safetensors
    ./regula predict --model /tmp/x/model.safetensors --out /tmp/x/regula.csv
    /usr/bin/python3 conformance/src/test/python/check_mnist_export.py regula-to-torch \\
        /tmp/x/model.safetensors /tmp/x/regula.csv

loads the checkpoint into torch (`regula_torch.load_regula`), computes torch's softmax
probabilities on every test image and compares them with the CSV's.

PyTorch -> Regula: trains a torch MLP of the case study's shape (784-500-500-500-500-500-10, ReLU)
for one epoch on the first 42,000 training images, saves its state dict
(`regula_torch.save_state_dict`) and torch's test-set probabilities, runs
`regula predict --torch-state-dict ... --architecture ... --cache-dir MNIST_DIR` on the state dict
(the launcher at the repository's root unless --regula says otherwise), and compares:

    /usr/bin/python3 conformance/src/test/python/check_mnist_export.py torch-to-regula \\
        --dtype f32 --out-dir /tmp/x/torch

Both print the number of images whose predicted class (argmax) differs and the largest absolute
difference of a probability, and exit 1 when a class differs anywhere or a probability differs
by more than 1e-5 (F32) / 1e-12 (F64); 2 for bad usage or input.

The images are read from the MNIST IDX files in --mnist-dir (default: Regula's cache,
$REGULA_CACHE_DIR, else $XDG_CACHE_HOME/regula/mnist, else ~/.cache/regula/mnist) and scaled as
Regula's Dataset.fromIdx does: value / 255 computed in double, rounded once to the dtype.

The CSV (what `regula predict --out` writes, and what this script writes for torch): a header
`label,predicted,p0,...,p9`, then one row per image in file order. `predicted` is the argmax of the
network's outputs (the logits), the first on ties.

Only the Python standard library, numpy and torch are used.
"""
import argparse
import csv
import gzip
import os
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import regula_torch  # noqa: E402

TOLERANCE = {"F32": 1e-5, "F64": 1e-12}
NP_DTYPE = {"F32": np.float32, "F64": np.float64}
TORCH_DTYPE = {"F32": torch.float32, "F64": torch.float64}
ARCHITECTURE = [784, 500, 500, 500, 500, 500, 10]
TRAIN_SIZE = 42_000     # the case study's training split: the first 42,000 training images
REPO = Path(__file__).resolve().parents[4]


class BadInput(Exception):
    """A missing or malformed file or argument: exit code 2."""


def default_mnist_dir():
    """Regula's MNIST cache (MnistFetcher.defaultCacheDir): the four IDX files are directly in it."""
    if os.environ.get("REGULA_CACHE_DIR", "").strip():
        return Path(os.environ["REGULA_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME", "").strip():
        return Path(os.environ["XDG_CACHE_HOME"]) / "regula" / "mnist"
    return Path.home() / ".cache" / "regula" / "mnist"


def read_idx(directory, name, magic):
    """The array of an IDX file (raw, or NAME.gz), checking its magic number and size."""
    path = Path(directory) / name
    if not path.is_file() and (Path(directory) / (name + ".gz")).is_file():
        path = Path(directory) / (name + ".gz")
    if not path.is_file():
        raise BadInput(f"{path}: not found (run ./regula fetch mnist, or give --mnist-dir)")
    raw = (gzip.open if path.suffix == ".gz" else open)(path, "rb").read()
    (found,) = struct.unpack(">I", raw[:4])
    if found != magic:
        raise BadInput(f"{path}: expected IDX magic number {magic:#010x}, found {found:#010x}")
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != int(np.prod(dims)):
        raise BadInput(f"{path}: its header declares {dims}, i.e. {int(np.prod(dims))} bytes, found {data.size}")
    return data.reshape(dims)


def images(directory, prefix, dtype):
    """(x, labels): x (n, 784) as value / 255 computed in double and rounded once to dtype, as Regula does."""
    px = read_idx(directory, f"{prefix}-images-idx3-ubyte", 0x00000803)
    labels = read_idx(directory, f"{prefix}-labels-idx1-ubyte", 0x00000801).astype(np.int64)
    x = (px.reshape(px.shape[0], -1).astype(np.float64) / 255.0).astype(NP_DTYPE[dtype])
    return x, labels


def probabilities(model, x, dtype):
    """(probs, predicted): softmax of the outputs (unless the model ends with a Softmax), argmax of the outputs."""
    with torch.no_grad():
        out = model(torch.from_numpy(x).to(TORCH_DTYPE[dtype]))
        ends_with_softmax = isinstance(model[-1], torch.nn.Softmax)
        probs = out if ends_with_softmax else torch.softmax(out, dim=1)
    return probs.numpy(), np.argmax(out.numpy(), axis=1)      # numpy's argmax: the first on ties, as Regula's


def write_csv(path, labels, predicted, probs):
    """The CSV regula predict writes: label,predicted,p0..; probabilities in full precision."""
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["label", "predicted"] + [f"p{j}" for j in range(probs.shape[1])])
        for y, c, p in zip(labels.tolist(), predicted.tolist(), probs.astype(np.float64).tolist()):
            w.writerow([y, c] + [repr(v) for v in p])


def read_csv(path, n, classes):
    """(labels, predicted, probs float64) of a regula predict CSV, checking its shape."""
    path = Path(path)
    if not path.is_file():
        raise BadInput(f"{path}: not found (expected the CSV regula predict --out wrote)")
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = ["label", "predicted"] + [f"p{j}" for j in range(classes)]
    if not rows or rows[0] != header:
        raise BadInput(f"{path}: expected the header {','.join(header)}, found {','.join(rows[0]) if rows else 'nothing'}")
    if len(rows) - 1 != n:
        raise BadInput(f"{path}: expected {n} rows (one per image), found {len(rows) - 1}")
    try:
        table = np.array([[float(v) for v in r] for r in rows[1:]], dtype=np.float64)
    except ValueError as e:
        raise BadInput(f"{path}: expected numbers, found {e}")
    if table.shape[1] != len(header):
        raise BadInput(f"{path}: expected {len(header)} columns, found {table.shape[1]}")
    return table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2:]


def compare(title, dtype, labels, expected, actual, expected_name, actual_name):
    """Prints the argmax disagreements and the largest |Δp|; True when both are within the tolerance."""
    (e_labels, e_pred, e_probs), (a_labels, a_pred, a_probs) = expected, actual
    if not np.array_equal(e_labels, labels) or not np.array_equal(a_labels, labels):
        raise BadInput(f"{title}: the CSVs' labels are not the test set's labels in file order")
    differ = np.flatnonzero(e_pred != a_pred)
    delta = np.abs(e_probs - a_probs)
    worst = np.unravel_index(np.argmax(delta), delta.shape)
    tol = TOLERANCE[dtype]
    ok = differ.size == 0 and delta.max() <= tol
    print(f"{title} ({dtype}, {len(labels)} test images):")
    print(f"  accuracy: {actual_name} {np.mean(a_pred == labels):.4f}, {expected_name} {np.mean(e_pred == labels):.4f}")
    print(f"  argmax disagreements: {differ.size}" + (f" (images {differ[:10].tolist()})" if differ.size else ""))
    print(f"  largest |p_{actual_name} - p_{expected_name}|: {delta.max():.3e} (image {worst[0]}, class {worst[1]}: "
          f"{a_probs[worst]!r} vs {e_probs[worst]!r}); tolerance {tol:g}")
    print(f"  {'OK' if ok else 'FAILED'}")
    return ok


def regula_to_torch(args):
    model = regula_torch.load_regula(args.model)
    dtype = {torch.float32: "F32", torch.float64: "F64"}[next(model.parameters()).dtype]
    x, labels = images(args.mnist_dir, "t10k", dtype)
    probs, predicted = probabilities(model, x, dtype)
    regula = read_csv(args.predictions, len(labels), probs.shape[1])
    torch_side = (labels, predicted, probs.astype(np.float64))
    return compare(f"Regula -> PyTorch: {args.model} in torch against {args.predictions}", dtype, labels,
                   regula, torch_side, "regula", "torch")


def mlp(sizes, dtype, seed):
    """nn.Sequential(Linear, ReLU, ..., Linear): glorot-uniform kernels and zero biases, as the case study."""
    torch.manual_seed(seed)
    layers = []
    for k in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[k], sizes[k + 1])
        torch.nn.init.xavier_uniform_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        layers += [lin, torch.nn.ReLU()] if k < len(sizes) - 2 else [lin]
    return torch.nn.Sequential(*layers).to(TORCH_DTYPE[dtype])


def torch_to_regula(args):
    dtype = args.dtype.upper()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    x_train, y_train = images(args.mnist_dir, "train", dtype)
    x_train, y_train = torch.from_numpy(x_train[:TRAIN_SIZE]), torch.from_numpy(y_train[:TRAIN_SIZE])
    x_test, labels = images(args.mnist_dir, "t10k", dtype)

    model = mlp(ARCHITECTURE, dtype, args.seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    shuffle = torch.Generator().manual_seed(args.seed)
    steps = 0
    for epoch in range(args.epochs):
        order = torch.randperm(TRAIN_SIZE, generator=shuffle)
        for b in range(0, TRAIN_SIZE, 128):
            idx = order[b:b + 128]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x_train[idx]), y_train[idx])
            loss.backward()
            optimizer.step()
            steps += 1
        print(f"torch: epoch {epoch + 1}/{args.epochs}, {steps} steps of 128, last batch loss {loss.item():.4f}", flush=True)
    model.eval()

    state = out / f"torch_mlp_{dtype.lower()}.safetensors"
    regula_torch.save_state_dict(model, state)
    probs, predicted = probabilities(model, x_test, dtype)
    torch_csv = out / f"torch_{dtype.lower()}.csv"
    write_csv(torch_csv, labels, predicted, probs)
    print(f"torch: wrote {state} and {torch_csv} (test accuracy {np.mean(predicted == labels):.4f})", flush=True)

    regula_csv = out / f"regula_{dtype.lower()}.csv"
    command = [str(args.regula), "predict", "--torch-state-dict", str(state), "--architecture",
               "-".join(map(str, ARCHITECTURE)), "--cache-dir", str(args.mnist_dir), "--out", str(regula_csv)]
    print("$ " + " ".join(command), flush=True)
    done = subprocess.run(command)
    if done.returncode != 0:
        print(f"check_mnist_export: regula predict exited with {done.returncode}", file=sys.stderr)
        return False
    regula = read_csv(regula_csv, len(labels), probs.shape[1])
    return compare(f"PyTorch -> Regula: {state} in Regula against {torch_csv}", dtype, labels,
                   (labels, predicted, probs.astype(np.float64)), regula, "torch", "regula")


def main(argv):
    p = argparse.ArgumentParser(description="Compare Regula and PyTorch predictions on the 10,000 MNIST test images.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--mnist-dir", type=Path, default=default_mnist_dir(),
                        help="the directory of the four MNIST IDX files (default: Regula's cache, %(default)s)")
    sub = p.add_subparsers(dest="direction", required=True)
    a = sub.add_parser("regula-to-torch", parents=[common], help="a Regula checkpoint in torch against regula predict's CSV")
    a.add_argument("model", help="a Regula checkpoint (regula train --save, Sequential.save)")
    a.add_argument("predictions", help="the CSV regula predict --model MODEL --out wrote")
    b = sub.add_parser("torch-to-regula", parents=[common], help="a torch-trained MLP's state dict in Regula against torch")
    b.add_argument("--dtype", choices=["f32", "f64"], default="f32")
    b.add_argument("--out-dir", type=Path, required=True, help="where the state dict and both CSVs are written")
    b.add_argument("--epochs", type=int, default=1)
    b.add_argument("--seed", type=int, default=128)
    b.add_argument("--regula", type=Path, default=REPO / "regula", help="the regula launcher (default: %(default)s)")
    args = p.parse_args(argv[1:])
    try:
        ok = regula_to_torch(args) if args.direction == "regula-to-torch" else torch_to_regula(args)
    except (BadInput, ValueError, KeyError) as e:
        print(f"check_mnist_export: {e}", file=sys.stderr)
        return 2
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
