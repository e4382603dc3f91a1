#!/usr/bin/env python3
"""Writes the conformance fixtures: what PyTorch computes for each case, in F64 and F32.

Run from the repository root, with Debian's PyTorch (python3-torch) and the system Python:

    /usr/bin/python3 conformance/src/test/python/generate_fixtures.py

It rewrites conformance/src/test/resources/fixtures/*.safetensors. The output is deterministic:
a second run leaves every byte as it was (inputs come from a seeded torch.Generator, files are
written with a fixed key order and no time stamps). Only regenerating needs Python; the Java
tests (`*ConformanceTest`) read the committed files.

Format: one safetensors file per case and dtype, `<case>_<dtype>.safetensors` (8-byte
little-endian header length, a JSON header padded with spaces to a multiple of 8, the raw
little-endian tensors). Every tensor is 2-D (a scalar is 1 x 1, a vector 1 x n); the header's
`__metadata__` holds the case's hyperparameters as strings. Nothing here needs the `safetensors`
package (Debian does not ship one): the writer is `write_safetensors` below.

Where the references come from:
* torch itself (autograd, torch.nn.functional, torch.optim) wherever torch and Keras agree, and
  for every `*_torch` case (PyTorch's conventions, checked against Regula's Convention.PYTORCH).
* Where Regula's default follows Keras and PyTorch differs (Adam/AdamW ε placement and bias
  correction, RMSprop ε, batch-norm running statistics, BCE clipping) the `*_keras` cases write
  Keras's formula out with torch tensor ops in this file, in the same order of operations as
  Keras's source; each such function says so in its docstring.
* Dropout and Gaussian noise: the mask and the noise are "given", i.e. computed here from
  Regula's documented generator (xoshiro256** seeded by SplitMix64; dropout's key per forward and
  SplitMix64 output per pair of units; Box-Muller on SplitMix64 outputs), ported below; torch then applies them.
"""
import json
import math
import os
import struct
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures"))
DTYPES = {"f64": torch.float64, "f32": torch.float32}
ST_DTYPE = {torch.float64: ("F64", "<f8"), torch.float32: ("F32", "<f4")}

torch.set_num_threads(1)   # the same reduction order on every run


# ----------------------------------------------------------------------------------------------
# Writing


def write_safetensors(path, tensors, metadata):
    """tensors: list of (name, 2-D tensor); metadata: dict of str -> str."""
    header = {"__metadata__": {k: str(v) for k, v in metadata.items()}}
    blobs = []
    offset = 0
    for name, t in tensors:
        t = t.detach()
        if t.dim() == 0:
            t = t.reshape(1, 1)
        elif t.dim() == 1:
            t = t.reshape(1, -1)
        assert t.dim() == 2, (name, t.shape)
        code, np_dtype = ST_DTYPE[t.dtype]
        data = t.contiguous().numpy().astype(np_dtype).tobytes()
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    raw += b" " * ((-len(raw)) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


class Case:
    """Collects the tensors of one case in one dtype."""

    def __init__(self, name, dtype, **metadata):
        self.name = name
        self.dtype = dtype
        self.tensors = []
        self.metadata = dict(metadata)

    def put(self, name, t):
        self.tensors.append((name, t.detach().to(self.dtype).clone()))   # a copy: torch updates some in place later
        return t

    def save(self):
        suffix = "f64" if self.dtype == torch.float64 else "f32"
        self.metadata.setdefault("case", self.name)
        self.metadata.setdefault("dtype", suffix.upper())
        self.metadata.setdefault("reference", "torch " + torch.__version__.split("+")[0])
        write_safetensors(os.path.join(OUT, f"{self.name}_{suffix}.safetensors"), self.tensors, self.metadata)


def gen(seed):
    g = torch.Generator()
    g.manual_seed(seed)
    return g


def randn(g, *shape, dtype):
    """Normal inputs drawn in F64 and rounded to the dtype: F32 cases see the same values, rounded."""
    return torch.randn(*shape, generator=g, dtype=torch.float64).to(dtype)


def leaf(t):
    return t.clone().requires_grad_(True)


# ----------------------------------------------------------------------------------------------
# Layers, activations, losses


def dense(dt):
    g = gen(1)
    c = Case("dense", dt)
    x, w, b, dz = randn(g, 5, 4, dtype=dt), randn(g, 4, 3, dtype=dt), randn(g, 1, 3, dtype=dt), randn(g, 5, 3, dtype=dt)
    xl, wl, bl = leaf(x), leaf(w), leaf(b)
    z = torch.nn.functional.linear(xl, wl.t(), bl.reshape(-1))   # Z = X·W + b (torch stores W as (out, in))
    z.backward(dz)
    for k, v in [("x", x), ("w", w), ("b", b), ("dz", dz), ("z", z), ("dw", wl.grad), ("db", bl.grad), ("dx", xl.grad)]:
        c.put(k, v)
    c.save()


def activations(dt):
    g = gen(2)
    x = randn(g, 5, 4, dtype=dt) * 3
    x[0, 0] = 0.0   # ReLU at 0: torch's derivative there is 0 (threshold_backward uses x > 0), as Regula's
    x[1, 1] = 0.0
    dy = randn(g, 5, 4, dtype=dt)
    fns = {"relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
           "softmax": lambda t: torch.softmax(t, dim=1)}
    for name, fn in fns.items():
        c = Case(name, dt)
        xl = leaf(x)
        y = fn(xl)
        y.backward(dy)
        for k, v in [("x", x), ("dy", dy), ("y", y), ("dx", xl.grad)]:
            c.put(k, v)
        c.save()


def softmax_cross_entropy(dt):
    g = gen(3)
    logits = randn(g, 4, 5, dtype=dt) * 2
    onehot = torch.nn.functional.one_hot(torch.tensor([1, 0, 4, 2]), 5).to(dt)
    extreme = logits.clone()
    extreme[0] = torch.tensor([1000.0, -1000.0, 0.0, 999.0, -3.0], dtype=dt)
    extreme[1] = torch.tensor([-1000.0, -1000.0, -1000.0, -999.5, -1000.0], dtype=dt)
    extreme[2, 3] = 1000.0
    soft = torch.softmax(randn(g, 4, 5, dtype=dt), dim=1)   # soft targets, rows summing to 1
    for name, z, y in [("sce_onehot", logits, onehot), ("sce_extreme", extreme, onehot), ("sce_soft", logits, soft)]:
        c = Case(name, dt)
        zl = leaf(z)
        loss = torch.nn.functional.cross_entropy(zl, y)   # mean over rows; probability targets
        loss.backward()
        for k, v in [("logits", z), ("target", y), ("loss", loss), ("dlogits", zl.grad)]:
            c.put(k, v)
        c.save()


def bce_probabilities(dt):
    g = gen(4)
    p = torch.sigmoid(randn(g, 4, 3, dtype=dt) * 2)
    y = (torch.rand(4, 3, generator=g, dtype=torch.float64) < 0.5).to(dt)
    p[0, 0], y[0, 0] = 0.0, 0.0         # exactly 0 and 1, and beyond Keras's clip ε = 1e-7
    p[0, 1], y[0, 1] = 1.0, 1.0
    p[1, 0], y[1, 0] = 1e-9, 0.0
    p[1, 1], y[1, 1] = 1 - 1e-9, 1.0
    y[2, 2] = 0.3                        # a soft target
    return p, y


def bce(dt):
    """BCE on probabilities. Keras's convention, written out with torch ops (keras/src/backend/
    tensorflow/nn.py binary_crossentropy: clip to [ε, 1 − ε] with ε = 1e-7, then the two logs;
    torch.clamp passes no gradient outside the range, as tf.clip_by_value). PyTorch's
    F.binary_cross_entropy instead clamps each log at −100 and divides the gradient by
    max(p(1 − p), 1e-12); it is the `bce_torch` case."""
    p, y = bce_probabilities(dt)
    eps = 1e-7
    c = Case("bce_keras", dt, epsilon=repr(eps), convention="keras")
    pl = leaf(p)
    pc = torch.clamp(pl, eps, 1 - eps)
    loss = -(y * torch.log(pc) + (1 - y) * torch.log(1 - pc)).mean()
    loss.backward()
    for k, v in [("p", p), ("target", y), ("loss", loss), ("dp", pl.grad)]:
        c.put(k, v)
    c.save()

    # The torch convention, on probabilities that stay away from 0 and 1 (where torch's gradient is
    # ±1e12/N by design); the clipped elements are a separate fixture, bce_torch_edges.
    for name, rows in [("bce_torch", slice(2, 4)), ("bce_torch_edges", slice(0, 4))]:
        c = Case(name, dt, convention="pytorch")
        pp, yy = p[rows].clone(), y[rows].clone()
        pl = leaf(pp)
        loss = torch.nn.functional.binary_cross_entropy(pl, yy)
        loss.backward()
        for k, v in [("p", pp), ("target", yy), ("loss", loss), ("dp", pl.grad)]:
            c.put(k, v)
        c.save()


def mse(dt):
    g = gen(5)
    o, y = randn(g, 4, 3, dtype=dt), randn(g, 4, 3, dtype=dt)
    c = Case("mse", dt)
    ol = leaf(o)
    loss = torch.nn.functional.mse_loss(ol, y)
    loss.backward()
    for k, v in [("output", o), ("target", y), ("loss", loss), ("doutput", ol.grad)]:
        c.put(k, v)
    c.save()


# ----------------------------------------------------------------------------------------------
# Penalties


def penalties(dt):
    """λ·Σ|w|, λ·Σw², both, on a kernel and a bias (added to the loss, Keras's l1/l2/l1_l2), with
    autograd for the gradient. Some weights are exactly 0: torch's |w|' at 0 is sgn(0) = 0 (abs's
    backward is grad·sgn(w)), as TensorFlow's (sign(0) = 0), and Regula's."""
    g = gen(6)
    w, b = randn(g, 4, 3, dtype=dt), randn(g, 1, 3, dtype=dt)
    w[0, 0] = w[2, 1] = 0.0
    b[0, 1] = 0.0
    l1, l2 = 0.01, 0.003
    for name, a1, a2 in [("l1", l1, 0.0), ("l2", 0.0, l2), ("l1l2", l1, l2)]:
        c = Case("penalty_" + name, dt, l1=repr(a1), l2=repr(a2))
        for pname, p in [("kernel", w), ("bias", b)]:
            pl = leaf(p)
            value = a1 * pl.abs().sum() + a2 * (pl * pl).sum()
            value.backward()
            c.put(pname, p)
            c.put(pname + "_value", value)
            c.put(pname + "_grad", pl.grad)
        c.save()


def activity(dt):
    """Activity penalty (Keras's ActivityRegularization(l1, l2)): P = (l1·Σ|Y| + l2·ΣY²)/m, the
    Keras layer dividing by the batch size; dX = dY + ∂P/∂Y by autograd."""
    g = gen(7)
    x, dy = randn(g, 5, 3, dtype=dt), randn(g, 5, 3, dtype=dt)
    x[1, 2] = x[4, 0] = 0.0
    for name, a1, a2 in [("l1", 0.01, 0.0), ("l2", 0.0, 0.003), ("l1l2", 0.01, 0.003)]:
        c = Case("activity_" + name, dt, l1=repr(a1), l2=repr(a2))
        xl = leaf(x)
        m = x.shape[0]
        value = (a1 * xl.abs().sum() + a2 * (xl * xl).sum()) / m
        value.backward(retain_graph=True)
        xl.backward(dy)   # identity forward: dX = dY + ∂P/∂X
        for k, v in [("x", x), ("dy", dy), ("value", value), ("dx", xl.grad)]:
            c.put(k, v)
        c.save()


# ----------------------------------------------------------------------------------------------
# Batch normalization


def batchnorm(dt):
    """Three training batches then inference, through torch's own batch_norm.
    Keras's convention (`batchnorm_keras`): Y, dX, dγ, dβ from F.batch_norm(training=True) with
    ε = 1e-3 (torch and Keras normalize alike, with the biased batch variance); the running
    statistics written out as Keras's assign (momentum = the old value's weight, biased variance):
        running ← momentum·running + (1 − momentum)·batch statistic.
    PyTorch's convention (`batchnorm_torch`): torch.nn.BatchNorm1d(momentum=0.1, eps=1e-5), whose
    momentum is the new value's weight and whose running variance is unbiased (÷ (m − 1))."""
    g = gen(8)
    n, m, batches = 4, 6, 3
    xs = [randn(g, m, n, dtype=dt) * 2 + 1 for _ in range(batches)]
    dys = [randn(g, m, n, dtype=dt) for _ in range(batches)]
    gamma = 1 + 0.5 * randn(g, 1, n, dtype=dt)
    beta = 0.5 * randn(g, 1, n, dtype=dt)
    x_test = randn(g, 3, n, dtype=dt) * 2 + 1

    # Keras
    momentum, eps = 0.9, 1e-3
    c = Case("batchnorm_keras", dt, momentum=repr(momentum), epsilon=repr(eps), convention="keras", batches=batches)
    c.put("gamma", gamma)
    c.put("beta", beta)
    rm, rv = torch.zeros(1, n, dtype=dt), torch.ones(1, n, dtype=dt)
    for t in range(batches):
        xl, gl, bl = leaf(xs[t]), leaf(gamma.reshape(-1)), leaf(beta.reshape(-1))
        y = torch.nn.functional.batch_norm(xl, None, None, gl, bl, training=True, eps=eps)
        y.backward(dys[t])
        mean = xs[t].mean(dim=0, keepdim=True)
        var = ((xs[t] - mean) ** 2).mean(dim=0, keepdim=True)    # biased, as Keras's ops.moments
        rm = momentum * rm + (1 - momentum) * mean
        rv = momentum * rv + (1 - momentum) * var
        for k, v in [("x", xs[t]), ("dy", dys[t]), ("y", y), ("dx", xl.grad), ("dgamma", gl.grad),
                     ("dbeta", bl.grad), ("running_mean", rm), ("running_var", rv)]:
            c.put(f"{k}_{t}", v)
    y_inf = torch.nn.functional.batch_norm(x_test, rm.reshape(-1), rv.reshape(-1), gamma.reshape(-1),
                                           beta.reshape(-1), training=False, eps=eps)
    c.put("x_test", x_test)
    c.put("y_test", y_inf)
    c.save()

    # PyTorch
    c = Case("batchnorm_torch", dt, momentum="0.1", epsilon="1e-05", convention="pytorch", batches=batches)
    bn = torch.nn.BatchNorm1d(n, eps=1e-5, momentum=0.1).to(dt)
    with torch.no_grad():
        bn.weight.copy_(gamma.reshape(-1))
        bn.bias.copy_(beta.reshape(-1))
    c.put("gamma", gamma)
    c.put("beta", beta)
    bn.train()
    for t in range(batches):
        bn.zero_grad()
        xl = leaf(xs[t])
        y = bn(xl)
        y.backward(dys[t])
        for k, v in [("x", xs[t]), ("dy", dys[t]), ("y", y), ("dx", xl.grad), ("dgamma", bn.weight.grad),
                     ("dbeta", bn.bias.grad), ("running_mean", bn.running_mean), ("running_var", bn.running_var)]:
            c.put(f"{k}_{t}", v)
    bn.eval()
    c.put("x_test", x_test)
    c.put("y_test", bn(x_test))
    c.save()


# ----------------------------------------------------------------------------------------------
# Dropout and Gaussian noise: Regula's generator, ported, gives the mask and the noise

M64 = (1 << 64) - 1


class RegulaRng:
    """dev.regula.core.Rng: xoshiro256** seeded through SplitMix64, Box-Muller normals."""

    def __init__(self, seed):
        x = seed & M64
        s = []
        for _ in range(4):
            x = (x + 0x9E3779B97F4A7C15) & M64
            s.append(self._mix(x))
        self.s = s
        self.cached = None

    @staticmethod
    def _mix(z):
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    @staticmethod
    def _rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & M64

    def next_long(self):
        s0, s1, s2, s3 = self.s
        result = (self._rotl((s1 * 5) & M64, 7) * 9) & M64
        t = (s1 << 17) & M64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self._rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53

    def next_gaussian(self):
        if self.cached is not None:
            v, self.cached = self.cached, None
            return v
        u1 = self.next_double()
        while u1 == 0.0:
            u1 = self.next_double()
        u2 = self.next_double()
        r = math.sqrt(-2.0 * math.log(u1))
        self.cached = r * math.sin(2 * math.pi * u2)
        return r * math.cos(2 * math.pi * u2)


def split_mix64(key, p):
    """dev.regula.core.Rng.splitMix64: output p of SplitMix64 seeded with key."""
    z = (key + (p + 1) * 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def dropout_mask(seed, keep_prob, count):
    """Regula's Dropout scheme: one key = rng.nextLong() per forward; pair p of units takes
    split_mix64(key, p), its low half for unit 2p and its high half for unit 2p + 1, a unit kept
    when its 32-bit half is below T = round(keepProb·2³²)."""
    key = RegulaRng(seed).next_long()
    threshold = round(keep_prob * 2.0 ** 32)
    out = []
    for i in range(count):
        r = split_mix64(key, i // 2)
        u = r & 0xFFFFFFFF if i % 2 == 0 else r >> 32
        out.append(1.0 if u < threshold else 0.0)
    return out


def dropout(dt):
    g = gen(9)
    seed, keep = 1234, 0.75
    x, dy = randn(g, 5, 4, dtype=dt), randn(g, 5, 4, dtype=dt)
    mask = torch.tensor(dropout_mask(seed, keep, 20), dtype=dt).reshape(5, 4)
    c = Case("dropout", dt, seed=seed, keepProb=repr(keep))
    xl = leaf(x)
    y = xl * mask / keep                        # inverted dropout with the given mask
    y.backward(dy)
    dx_native = torch.ops.aten.native_dropout_backward(dy, mask.bool(), 1 / keep)   # torch's own kernel
    assert torch.allclose(dx_native, xl.grad, rtol=1e-6, atol=0)
    for k, v in [("x", x), ("dy", dy), ("mask", mask), ("y", y), ("dx", xl.grad)]:
        c.put(k, v)
    c.save()


def normals(key, count):
    """Regula's Gaussian noise scheme (regularization's Normals): Box-Muller on SplitMix64 outputs
    2p and 2p + 1 of the key for pair p, in blocks of 16 elements, the 8 pairs' cosines then their
    sines. Python's math.log, cos and sin here; Regula's own polynomials there (a few ulps apart)."""
    out = []
    for i in range(count):
        j = i % 16
        p = (i // 16) * 8 + j % 8
        u1 = 1.0 - (split_mix64(key, 2 * p) >> 12) * 2.0 ** -52
        u2 = (split_mix64(key, 2 * p + 1) >> 12) * 2.0 ** -52
        r = math.sqrt(-2.0 * math.log(u1))
        out.append(r * math.cos(2 * math.pi * u2) if j < 8 else r * math.sin(2 * math.pi * u2))
    return out


def gaussian_noise(dt):
    g = gen(10)
    seed, stddev = 99, 0.3
    x, dy = randn(g, 5, 4, dtype=dt), randn(g, 5, 4, dtype=dt)
    key = RegulaRng(seed).next_long()           # one key per forward, as Dropout's
    noise = torch.tensor([stddev * z for z in normals(key, 20)], dtype=torch.float64).reshape(5, 4).to(dt)
    c = Case("gaussian_noise", dt, seed=seed, stddev=repr(stddev))
    xl = leaf(x)
    y = xl + noise
    y.backward(dy)
    for k, v in [("x", x), ("dy", dy), ("noise", noise), ("y", y), ("dx", xl.grad)]:
        c.put(k, v)
    c.save()


def max_norm(dt):
    """Max-norm on the columns of a (nIn, nOut) kernel, written out: w_j ← w_j·c/‖w_j‖ where ‖w_j‖ > c.
    This is the exact projection Regula documents. torch.renorm divides by ‖w_j‖ + 1e-7 and Keras's
    MaxNorm by ‖w_j‖ + 1e-7 for every column (also shrinking those inside the ball), so neither is
    used as the reference; `renorm` is stored for comparison at its own (1e-7) tolerance."""
    g = gen(11)
    w = randn(g, 5, 4, dtype=dt)
    w[:, 1] *= 0.2   # a column inside the ball
    cmax = 1.5
    norms = torch.linalg.vector_norm(w, dim=0, keepdim=True)
    projected = torch.where(norms > cmax, w * (cmax / norms), w)
    c = Case("max_norm", dt, maxNorm=repr(cmax))
    for k, v in [("w", w), ("projected", projected), ("renorm", torch.renorm(w, 2, 1, cmax))]:
        c.put(k, v)
    c.save()


# ----------------------------------------------------------------------------------------------
# Optimizers: a (4, 3) parameter, a fixed sequence of gradients, the value after every step

STEPS = 6


def opt_inputs(dt):
    g = gen(12)
    w0 = randn(g, 4, 3, dtype=dt)
    grads = [randn(g, 4, 3, dtype=dt) * (0.1 + t) for t in range(STEPS)]
    grads[2][0, 0] = 0.0
    return w0, grads


def run_torch_optimizer(dt, make, decay=None):
    w0, grads = opt_inputs(dt)
    p = torch.nn.Parameter(w0.clone())
    opt = make([p])
    after = []
    for t in range(STEPS):
        with torch.no_grad():
            if decay is not None:
                p.mul_(1 - decay)            # decoupled decay written out (SgdW), before torch's step
        p.grad = grads[t].clone()
        opt.step()
        after.append(p.detach().clone().reshape(-1))
    return w0, grads, after


def keras_adam(dt, lr, b1, b2, eps, weight_decay=0.0):
    """Keras's Adam (keras/src/optimizers/adam.py update_step), written out with torch ops:
        α = lr·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ);  m += (g − m)(1 − β₁);  v += (g² − v)(1 − β₂);
        w −= (m·α)/(sqrt(v) + ε)
    and for AdamW Keras's _apply_weight_decay first: w −= w·wd·lr."""
    w0, grads = opt_inputs(dt)
    w, m, v = w0.clone(), torch.zeros_like(w0), torch.zeros_like(w0)
    after = []
    for t in range(1, STEPS + 1):
        if weight_decay:
            w = w - w * (weight_decay * lr)
        gt = grads[t - 1]
        alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        m = m + (gt - m) * (1 - b1)
        v = v + (gt * gt - v) * (1 - b2)
        w = w - (alpha * m) / (torch.sqrt(v) + eps)
        after.append(w.reshape(-1).clone())
    return w0, grads, after


def keras_rmsprop(dt, lr, rho, eps):
    """Keras's RMSprop (keras/src/optimizers/rmsprop.py, centered=False, momentum=0), written out:
        v = ρ·v + (1 − ρ)·g²;  w −= lr·g / sqrt(v + ε)."""
    w0, grads = opt_inputs(dt)
    w, v = w0.clone(), torch.zeros_like(w0)
    after = []
    for t in range(STEPS):
        gt = grads[t]
        v = rho * v + (1 - rho) * gt * gt
        w = w - lr * gt / torch.sqrt(v + eps)
        after.append(w.reshape(-1).clone())
    return w0, grads, after


def optimizers(dt):
    opt = torch.optim
    cases = {
        "sgd": ({"lr": 0.1}, lambda: run_torch_optimizer(dt, lambda ps: opt.SGD(ps, lr=0.1))),
        "sgd_momentum": ({"lr": 0.1, "momentum": 0.9},
                         lambda: run_torch_optimizer(dt, lambda ps: opt.SGD(ps, lr=0.1, momentum=0.9))),
        "sgd_nesterov": ({"lr": 0.1, "momentum": 0.9, "nesterov": True},
                         lambda: run_torch_optimizer(dt, lambda ps: opt.SGD(ps, lr=0.1, momentum=0.9, nesterov=True))),
        # SgdW = Keras's SGD(weight_decay): w ← w − lr·wd·w, then torch.optim.SGD's step
        "sgdw": ({"lr": 0.1, "momentum": 0.9, "weightDecay": 0.05},
                 lambda: run_torch_optimizer(dt, lambda ps: opt.SGD(ps, lr=0.1, momentum=0.9), decay=0.1 * 0.05)),
        "rmsprop_keras": ({"lr": 0.01, "rho": 0.9, "epsilon": 1e-7, "convention": "keras"},
                          lambda: keras_rmsprop(dt, 0.01, 0.9, 1e-7)),
        "rmsprop_torch": ({"lr": 0.01, "rho": 0.9, "epsilon": 1e-7, "convention": "pytorch"},
                          lambda: run_torch_optimizer(dt, lambda ps: opt.RMSprop(ps, lr=0.01, alpha=0.9, eps=1e-7))),
        "adam_keras": ({"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-7, "convention": "keras"},
                       lambda: keras_adam(dt, 0.01, 0.9, 0.999, 1e-7)),
        "adam_torch": ({"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "convention": "pytorch"},
                       lambda: run_torch_optimizer(dt, lambda ps: opt.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8))),
        "adamw_keras": ({"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-7, "weightDecay": 0.05,
                         "convention": "keras"},
                        lambda: keras_adam(dt, 0.01, 0.9, 0.999, 1e-7, weight_decay=0.05)),
        "adamw_torch": ({"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weightDecay": 0.05,
                         "convention": "pytorch"},
                        lambda: run_torch_optimizer(dt, lambda ps: opt.AdamW(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8,
                                                                             weight_decay=0.05))),
    }
    for name, (hyper, run) in cases.items():
        w0, grads, after = run()
        c = Case("opt_" + name, dt, steps=STEPS, **{k: (repr(v) if isinstance(v, float) else str(v).lower()
                                                         if isinstance(v, bool) else v) for k, v in hyper.items()})
        c.put("w0", w0)
        c.put("grads", torch.stack([gr.reshape(-1) for gr in grads]))   # (steps, 12), row t = g at step t+1
        c.put("after", torch.stack(after))                                # (steps, 12), row t = w after step t+1
        c.save()


# ----------------------------------------------------------------------------------------------
# A tiny MLP: 6 → 5 ReLU → 3, softmax cross-entropy, 20 steps on 4 fixed batches of 8

MLP_STEPS, MLP_BATCHES, MLP_BATCH = 20, 4, 8


def mlp(dt):
    g = gen(13)
    x = randn(g, MLP_BATCHES * MLP_BATCH, 6, dtype=dt)
    labels = torch.randint(0, 3, (MLP_BATCHES * MLP_BATCH,), generator=g)
    y = torch.nn.functional.one_hot(labels, 3).to(dt)
    w1, b1 = randn(g, 6, 5, dtype=dt) * 0.5, randn(g, 1, 5, dtype=dt) * 0.1
    w2, b2 = randn(g, 5, 3, dtype=dt) * 0.5, randn(g, 1, 3, dtype=dt) * 0.1

    def train(name, hyper, make_opt=None, keras=None):
        """make_opt: a torch.optim factory; keras: (lr, β₁, β₂, ε) for Keras's Adam written out."""
        params = [leaf(w1), leaf(b1), leaf(w2), leaf(b2)]
        opt = make_opt(params) if make_opt else None
        state = [[torch.zeros_like(p), torch.zeros_like(p)] for p in params]
        losses, after = [], {k: [] for k in ("w1", "b1", "w2", "b2")}
        for step in range(1, MLP_STEPS + 1):
            k = (step - 1) % MLP_BATCHES
            xb, yb = x[k * MLP_BATCH:(k + 1) * MLP_BATCH], y[k * MLP_BATCH:(k + 1) * MLP_BATCH]
            for p in params:
                p.grad = None
            h = torch.relu(xb @ params[0] + params[1])
            z = h @ params[2] + params[3]
            loss = torch.nn.functional.cross_entropy(z, yb)
            loss.backward()
            losses.append(loss.detach())
            if opt:
                opt.step()
            else:
                lr, beta1, beta2, eps = keras
                alpha = lr * math.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
                with torch.no_grad():
                    for p, (m, v) in zip(params, state):
                        m += (p.grad - m) * (1 - beta1)
                        v += (p.grad * p.grad - v) * (1 - beta2)
                        p -= (alpha * m) / (torch.sqrt(v) + eps)
            for key, p in zip(("w1", "b1", "w2", "b2"), params):
                after[key].append(p.detach().clone().reshape(-1))
        c = Case(name, dt, steps=MLP_STEPS, batches=MLP_BATCHES, batchSize=MLP_BATCH, **hyper)
        for k, v in [("x", x), ("y", y), ("w1", w1), ("b1", b1), ("w2", w2), ("b2", b2)]:
            c.put(k, v)
        c.put("loss", torch.stack(losses).reshape(1, -1))
        for key in ("w1", "b1", "w2", "b2"):
            c.put(key + "_after", torch.stack(after[key]))
        c.save()

    train("mlp_sgd", {"optimizer": "sgd", "lr": "0.1", "momentum": "0.9"},
          make_opt=lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9))
    train("mlp_adam_keras", {"optimizer": "adam", "lr": "0.01", "beta1": "0.9", "beta2": "0.999", "epsilon": "1e-07",
                             "convention": "keras"}, keras=(0.01, 0.9, 0.999, 1e-7))
    train("mlp_adam_torch", {"optimizer": "adam", "lr": "0.01", "beta1": "0.9", "beta2": "0.999", "epsilon": "1e-08",
                             "convention": "pytorch"},
          make_opt=lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8))


# ----------------------------------------------------------------------------------------------
# Weights that travel (regula_torch.py beside this file)


def weights(dt):
    """Regula -> torch: regula_mlp_<dtype> is a checkpoint Regula wrote (WeightsConformanceTest checks
    its bytes and rewrites it on request); torch loads it with regula_torch.load_regula and predicts.
    torch -> Regula: a 6-5-3 nn.Sequential trained 10 SGD steps in torch; its state_dict() saved as
    safetensors, and its softmax probabilities on 10 inputs."""
    sys.path.insert(0, HERE)
    import regula_torch
    suffix = "f64" if dt == torch.float64 else "f32"
    g = gen(14)
    x_test = randn(g, 10, 6, dtype=dt)

    model = regula_torch.load_regula(os.path.join(OUT, f"regula_mlp_{suffix}.safetensors"))
    c = Case("torch_on_regula_mlp", dt, model=f"regula_mlp_{suffix}.safetensors")
    c.put("x", x_test)
    with torch.no_grad():
        c.put("probs", model(x_test))
    c.save()

    net = torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.ReLU(), torch.nn.Linear(5, 3)).to(dt)
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(randn(g, *p.shape, dtype=dt) * 0.5)
    x, labels = randn(g, 16, 6, dtype=dt), torch.randint(0, 3, (16,), generator=g)
    opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
    for _ in range(10):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x), labels).backward()
        opt.step()
    regula_torch.save_state_dict(net, os.path.join(OUT, f"torch_mlp_state_dict_{suffix}.safetensors"))
    c = Case("torch_mlp_predictions", dt)
    c.put("x", x_test)
    with torch.no_grad():
        c.put("probs", torch.softmax(net(x_test), dim=1))
    c.save()


# ----------------------------------------------------------------------------------------------

GENERATORS = [dense, activations, softmax_cross_entropy, bce, mse, penalties, activity, batchnorm, dropout,
              gaussian_noise, max_norm, optimizers, mlp, weights]


def main():
    os.makedirs(OUT, exist_ok=True)
    for dt in DTYPES.values():
        for fn in GENERATORS:
            fn(dt)
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"wrote {len(os.listdir(OUT))} fixtures, {total} bytes, to {os.path.relpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
