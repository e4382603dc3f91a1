#!/usr/bin/env python3
"""Regula against PyTorch on the same network, the same data and the same cores, side by side.

The network is the case study's: 784-500x5-10, ReLU, softmax cross-entropy, glorot-uniform
kernels and zero biases, Adam (lr 1e-3, beta 0.9/0.999, eps 1e-7 as in Keras), batch 128, on the
first 42,000 MNIST training images, the other 18,000 validating. For each preset (baseline,
dropout_aug) and each round, Regula (`regula train --preset P --epochs N`) and PyTorch run one
after the other, each in its own process; an epoch's time is its training pass plus its
validation pass (Regula's `seconds` in history.json; in PyTorch the same two passes, the
validation one in eval mode without gradients). Epoch 1 (the JIT's warm-up in Regula, the
allocator's in PyTorch) is left out: the s/epoch is the mean of epochs 2..N over all rounds.

dropout_aug adds dropout 0.25 after each hidden layer and, if torchvision is installed, the same
affine augmentation as Regula's preset applied to each training image (torchvision RandomAffine:
rotation +-10 deg, shift +-10 %, zoom 0.9-1.1, bilinear, fill 0, one random transform per image
as in Keras's ImageDataGenerator); without torchvision the PyTorch side runs without augmentation
and the output says so.

Usage (bench/scripts/side_by_side.sh sets the interpreter and the BLAS library):
    python3 bench/scripts/side_by_side.py [--presets baseline,dropout_aug] [--epochs 4]
                                          [--rounds 3] [--threads 2] [--data DIR]
Only ratios within one run mean anything: the absolute times drift with the machine's load.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
TRAIN, VALIDATION = 42000, 18000


def default_data_dir():
    """Where `regula fetch mnist` keeps the IDX files (MnistFetcher.defaultCacheDir)."""
    if os.environ.get("REGULA_CACHE_DIR", "").strip():
        return os.environ["REGULA_CACHE_DIR"]
    if os.environ.get("XDG_CACHE_HOME", "").strip():
        return os.path.join(os.environ["XDG_CACHE_HOME"], "regula", "mnist")
    return os.path.join(os.path.expanduser("~"), ".cache", "regula", "mnist")


def load_idx(path, magic, count):
    import numpy as np
    with open(path, "rb") as f:
        data = f.read()
    found = int.from_bytes(data[0:4], "big")
    if found != magic:
        sys.exit(f"{path}: expected IDX magic {magic:#x}, found {found:#x}")
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(magic & 0xFF)]
    offset = 4 + 4 * len(dims)
    if dims[0] < count:
        sys.exit(f"{path}: expected at least {count} items, found {dims[0]}")
    size = 1
    for d in dims[1:]:
        size *= d
    return np.frombuffer(data, dtype=np.uint8, count=count * size, offset=offset).reshape([count] + dims[1:])


# ---------------------------------------------------------------------------------------------
# The PyTorch side (run in a child process: its environment selects the BLAS library and threads)
# ---------------------------------------------------------------------------------------------

def torch_worker(preset, epochs, threads, data_dir, seed):
    import torch
    import torch.nn as nn
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    images = load_idx(os.path.join(data_dir, "train-images-idx3-ubyte"), 0x803, TRAIN + VALIDATION)
    labels = load_idx(os.path.join(data_dir, "train-labels-idx1-ubyte"), 0x801, TRAIN + VALIDATION)
    x = torch.from_numpy(images.astype("float32") / 255.0)            # (60000, 28, 28)
    y = torch.from_numpy(labels.astype("int64"))
    x_train, y_train = x[:TRAIN], y[:TRAIN]
    x_val, y_val = x[TRAIN:].reshape(VALIDATION, 784), y[TRAIN:]

    dropout = preset == "dropout_aug"
    augment = None
    augmentation = "none"
    if dropout:
        try:
            from torchvision.transforms import InterpolationMode, RandomAffine
            augment = RandomAffine(degrees=10, translate=(0.1, 0.1), scale=(0.9, 1.1),
                                   interpolation=InterpolationMode.BILINEAR, fill=0.0)
            augmentation = "torchvision RandomAffine per image"
        except ImportError:
            augmentation = "none (torchvision is not installed)"

    layers, width = [], 784
    for _ in range(5):
        layers += [nn.Linear(width, 500), nn.ReLU()]
        if dropout:
            layers.append(nn.Dropout(0.25))
        width = 500
    layers.append(nn.Linear(width, 10))
    model = nn.Sequential(*layers)
    for m in model:
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()

    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        model.train()
        order = torch.randperm(TRAIN)
        for i in range(0, TRAIN, 128):
            idx = order[i:i + 128]
            xb = x_train[idx]                                            # (b, 28, 28)
            if augment is not None:
                xb = torch.stack([augment(img.unsqueeze(0)) for img in xb]).squeeze(1)
            xb = xb.reshape(-1, 784)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), y_train[idx])
            loss.backward()
            optimizer.step()
        model.eval()
        correct = 0
        with torch.no_grad():
            for i in range(0, VALIDATION, 128):
                correct += (model(x_val[i:i + 128]).argmax(1) == y_val[i:i + 128]).sum().item()
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "val_acc": correct / VALIDATION, "augmentation": augmentation,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


def run_torch(args, preset):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)   # let OpenBLAS pick the kernels for this CPU
    env["OMP_NUM_THREADS"] = str(args.threads)
    if os.path.isdir(args.openblas):
        env["LD_LIBRARY_PATH"] = args.openblas + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    cmd = [args.python, os.path.abspath(__file__), "--torch-worker", preset, "--epochs", str(args.epochs),
           "--threads", str(args.threads), "--data", args.data, "--seed", str(args.seed)]
    out = subprocess.run(cmd, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_regula(args, preset):
    out_dir = tempfile.mkdtemp(prefix="side-by-side-")
    try:
        cmd = [args.regula, "train", "--preset", preset, "--epochs", str(args.epochs), "--seed", str(args.seed),
               "--out", out_dir]
        if args.data_given:
            cmd += ["--data", args.data]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        with open(os.path.join(out_dir, "history.json")) as f:
            history = json.load(f)
        return {"seconds": [e["seconds"] for e in history["epochs"]], "val_acc": history["epochs"][-1]["val_acc"]}
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def load_average():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--presets", default="baseline,dropout_aug")
    p.add_argument("--epochs", type=int, default=4, help="epochs per run; epoch 1 is left out (default 4)")
    p.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    p.add_argument("--threads", type=int, default=2, help="PyTorch's threads (default 2)")
    p.add_argument("--seed", type=int, default=128)
    p.add_argument("--data", default=None, help="directory of the MNIST IDX files (default: Regula's cache)")
    p.add_argument("--regula", default=os.path.join(ROOT, "regula"), help="the regula launcher")
    p.add_argument("--python", default=sys.executable, help="the interpreter with torch for the PyTorch runs")
    p.add_argument("--openblas", default="/usr/lib/x86_64-linux-gnu/openblas-openmp",
                   help="put this directory first on LD_LIBRARY_PATH for PyTorch if it exists (Debian's OpenMP OpenBLAS)")
    p.add_argument("--torch-worker", default=None, help=argparse.SUPPRESS)
    args = p.parse_args()
    args.data_given = args.data is not None
    if args.data is None:
        args.data = default_data_dir()
    if args.epochs < 2:
        p.error(f"--epochs must be at least 2 (epoch 1 is left out), got {args.epochs}")
    if args.torch_worker:
        torch_worker(args.torch_worker, args.epochs, args.threads, args.data, args.seed)
        return
    presets = args.presets.split(",")
    for preset in presets:
        if preset not in ("baseline", "dropout_aug"):
            p.error(f"--presets: expected baseline and/or dropout_aug, got {preset}")
    if not os.path.exists(os.path.join(args.data, "train-images-idx3-ubyte")):
        sys.exit(f"{args.data}: no MNIST IDX files; run ./regula fetch mnist first")
    try:
        subprocess.run([args.python, "-c", "import torch"], check=True, stderr=subprocess.DEVNULL)
    except subprocess.CalledProcessError:
        sys.exit(f"{args.python} cannot import torch: install PyTorch (Debian: apt-get install python3-torch)")
    subprocess.run([args.regula, "--version"], check=True, stdout=subprocess.DEVNULL)  # builds the jar if needed

    print(f"side by side: {args.rounds} round(s) x {presets}, {args.epochs} epochs each (epoch 1 left out), "
          f"PyTorch threads {args.threads}, load average {load_average():.2f}", flush=True)
    steady = {(preset, side): [] for preset in presets for side in ("regula", "torch")}
    firsts = {(preset, side): [] for preset in presets for side in ("regula", "torch")}
    info = {}
    for r in range(args.rounds):
        for preset in presets:
            for side in ("regula", "torch") if r % 2 == 0 else ("torch", "regula"):
                result = run_regula(args, preset) if side == "regula" else run_torch(args, preset)
                if side == "torch":
                    info[preset] = result
                steady[(preset, side)] += result["seconds"][1:]
                firsts[(preset, side)].append(result["seconds"][0])
                print(f"round {r + 1} {preset:<11} {side:<6} epochs " + " ".join(f"{s:.2f}" for s in result["seconds"])
                      + f" s, val_acc {result['val_acc']:.4f}, load {load_average():.2f}", flush=True)
    print()
    print(f"{'preset':<12} {'Regula s/epoch':>15} {'PyTorch s/epoch':>16} {'ratio':>6}   first epoch / steady (Regula, PyTorch)")
    for preset in presets:
        reg, tor = statistics.mean(steady[(preset, "regula")]), statistics.mean(steady[(preset, "torch")])
        print(f"{preset:<12} {reg:>15.2f} {tor:>16.2f} {reg / tor:>6.2f}   "
              f"{statistics.mean(firsts[(preset, 'regula')]) / reg:.2f}, {statistics.mean(firsts[(preset, 'torch')]) / tor:.2f}")
    torch_info = next(iter(info.values()))
    print(f"(mean of epochs 2-{args.epochs} over {args.rounds} round(s); an epoch = training + validation pass; "
          f"PyTorch {torch_info['torch']}, {torch_info['threads']} threads"
          + (f"; dropout_aug's augmentation in PyTorch: {info['dropout_aug']['augmentation']}" if "dropout_aug" in info else "")
          + f"; load average at the end {load_average():.2f})")


if __name__ == "__main__":
    main()
