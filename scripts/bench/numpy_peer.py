#!/usr/bin/env python3
"""Vectorized numpy peer of the discrete chain (docs/model.md#the-discrete-chain), for the benchmark.

Batched over paths: tokens are an (M, n, d) array and every layer is a handful of whole-batch
operations (matmul / einsum on stacked matrices, in-place softmax and normalization), with the
Gaussian variates drawn by numpy's default_rng (PCG64 + ziggurat) into a preallocated buffer. The
formulation of the small batched products (np.matmul or np.einsum) is chosen per workload by a
short timed trial, so the peer runs its fastest variant, not a strawman.

Sampling modes (same meaning as the simulator's ChainConfig.sampling):
  matrix     draw V_k (M×d×d normals per layer), as the model is written: the main comparison;
  projected  draw only V_k·m_i from its law: (σ/√d)·Σ_k ⟨q_k, m_i⟩ z_k with q_k a batched
             modified Gram–Schmidt basis of the means (M×n×d normals per layer);
  best       the faster of matrix and projected on a short timed trial (the peer's best
             vectorised simulation of the token chain; used for W4 and W5);
  gram       the Gram-state algorithm of src/simulator/kernels/gramState.md, vectorised over
             paths (n = 2: the half-angle chain; n > 2: coordinates, Bartlett factor, batched
             Cholesky). Reported for transparency next to the token-chain peer.
For W4/W5 the output is the final pairwise cosines (what the Gram state computes).

Usage: numpy_peer.py '<json>'   where json = {"workload": "W1"|"W2"|"W3", ...params, "reps": r}
Prints one JSON object per repetition on stdout: {"workload", "mode", "variant", "seconds",
"pathLayers", "normals", "checksum"}. Also: numpy_peer.py rate  → standard_normal rate.

Not a runtime dependency of dst-verify: only the benchmark (scripts/bench/bench.ts) runs it.
"""
import json
import sys
import time

import numpy as np


def softmax_rows(S):
    S -= S.max(axis=2, keepdims=True)
    np.exp(S, out=S)
    S /= S.sum(axis=2, keepdims=True)


def gram(X, variant):
    if variant == "einsum":
        return np.einsum("pid,pjd->pij", X, X)
    return np.matmul(X, X.transpose(0, 2, 1))


def attend(X, beta, variant):
    S = gram(X, variant)
    S *= beta
    softmax_rows(S)
    if variant == "einsum":
        return np.einsum("pij,pjd->pid", S, X)
    return np.matmul(S, X)


def apply_matrix(Mm, V, variant):
    """Row i of the result is V m_i, for every path: (M, n, d)."""
    if variant == "einsum":
        return np.einsum("pab,pib->pia", V, Mm)
    return np.matmul(Mm, V.transpose(0, 2, 1))


def projected_noise(Mm, Z, tol=1e-12):
    """Σ_k ⟨q_k, m_i⟩ z_k with q_k the modified Gram–Schmidt basis of m_1..m_n (batched)."""
    M, n, d = Mm.shape
    out = np.zeros_like(Mm)
    Q = np.zeros((M, min(n, d), d))
    for i in range(n):
        v = Mm[:, i, :].copy()
        mm = np.einsum("pa,pa->p", v, v)
        for k in range(min(i, d)):
            c = np.einsum("pa,pa->p", Q[:, k, :], v)
            v -= c[:, None] * Q[:, k, :]
            out[:, i, :] += c[:, None] * Z[:, k, :]
        if i < d:
            vv = np.einsum("pa,pa->p", v, v)
            ok = vv > tol * tol * mm
            nv = np.sqrt(np.where(ok, vv, 1.0))
            q = np.where(ok[:, None], v / nv[:, None], 0.0)
            Q[:, i, :] = q
            c = np.einsum("pa,pa->p", q, v)
            out[:, i, :] += c[:, None] * Z[:, i, :]
    return out


def uniform_tokens(rng, M, n, d):
    X = rng.standard_normal((M, n, d))
    X /= np.sqrt((X * X).sum(axis=2, keepdims=True))
    return X


def chain(X, L, T, beta, sigma, gamma, rng, mode, variant, increments=None):
    """Run L layers in place on X (M, n, d). increments: (M, L, d, d) explicit ΔW_k, or None."""
    M, n, d = X.shape
    h = T / L
    sd = np.sqrt(h) * sigma / np.sqrt(d)
    hg = h * gamma
    V = np.empty((M, d, d))
    Z = np.empty((M, n, d))
    for k in range(L):
        Mm = attend(X, beta, variant)
        if gamma != 0:
            X += hg * Mm
        if increments is not None:
            X += apply_matrix(Mm, increments[:, k], variant)
        elif sigma > 0 and mode == "matrix":
            rng.standard_normal(out=V)
            N = apply_matrix(Mm, V, variant)
            N *= sd
            X += N
        elif sigma > 0:
            rng.standard_normal(out=Z)
            N = projected_noise(Mm, Z)
            N *= sd
            X += N
        X /= np.sqrt((X * X).sum(axis=2, keepdims=True))
    return X


def sde(X, steps, T, beta, sigma, increments, variant):
    """Projected Euler–Maruyama of the limit SDE (γ = 0), driven by increments (M, steps, d, d)."""
    M, n, d = X.shape
    h = T / steps
    s2 = sigma * sigma / d
    for k in range(steps):
        Mm = attend(X, beta, variant)
        v = apply_matrix(Mm, increments[:, k], variant)
        xv = (X * v).sum(axis=2, keepdims=True)
        mm = (Mm * Mm).sum(axis=2, keepdims=True)
        X *= 1 - xv - 0.5 * (d - 1) * s2 * mm * h
        X += v
        X /= np.sqrt((X * X).sum(axis=2, keepdims=True))
    return X


def gram_pair(M, d, L, T, beta, sigma, gamma, rng):
    """n = 2 Gram state: the half-angle (S, T) of every path, uniform starts; returns cos φ."""
    h = T / L
    sd = np.sqrt(h) * sigma / np.sqrt(d)
    hg = h * gamma
    z0 = rng.standard_normal(M)
    s0 = np.sqrt(rng.chisquare(d - 1, M))
    S, Tt = half_angle(z0, s0)
    for _ in range(L):
        z = rng.standard_normal((5, M))
        z *= sd
        c1 = sd * np.sqrt(rng.chisquare(d - 2, M)) if d > 2 else 0.0
        c2 = sd * np.sqrt(rng.chisquare(d - 3, M)) if d > 3 else 0.0
        delta = np.tanh(beta * Tt * Tt)
        a1 = 1 + hg + z[0]
        a2 = z[1]
        a3 = c1
        b1 = delta * z[2]
        b2 = 1 + hg * delta + delta * z[3]
        b3 = delta * z[4]
        b4 = delta * c2
        AA = a1 * a1 + a2 * a2 + a3 * a3
        BB = b1 * b1 + b2 * b2 + b3 * b3 + b4 * b4
        D = (a1 * b2 - a2 * b1) ** 2 + (a1 * b3 - a3 * b1) ** 2 + (a2 * b3 - a3 * b2) ** 2 + AA * b4 * b4
        c = S * S * AA - Tt * Tt * BB
        sn = 2 * S * Tt * np.sqrt(D)
        S, Tt = half_angle(c, sn)
    return (S - Tt) * (S + Tt)


def half_angle(c, s):
    r = np.sqrt(c * c + s * s)
    big = np.sqrt((r + np.abs(c)) / (2 * r))
    small = s / (2 * r * big)
    pos = c >= 0
    return np.where(pos, big, small), np.where(pos, small, big)


def gram_general(M, n, d, L, T, beta, sigma, gamma, rng):
    """n > 2 Gram state, full rank r = min(n, d) assumed (a symmetric eigen-factor when Cholesky fails)."""
    h = T / L
    sd = np.sqrt(h) * sigma / np.sqrt(d)
    hg = h * gamma
    r = min(n, d)
    kp = min(d - r, r)
    X = rng.standard_normal((M, n, d))
    X /= np.sqrt((X * X).sum(axis=2, keepdims=True))
    C = factor(np.matmul(X, X.transpose(0, 2, 1)), r)
    iu = np.triu_indices(r, 1)
    dof = d - r - np.arange(kp)
    for _ in range(L):
        G = np.matmul(C, C.transpose(0, 2, 1))
        G *= beta
        softmax_rows(G)
        Mm = np.matmul(G, C)
        Z = rng.standard_normal((M, r, r))
        R = np.zeros((M, kp, r))
        if kp > 0:
            R[:, np.arange(kp), np.arange(kp)] = np.sqrt(rng.chisquare(dof, (M, kp)))
            up = np.triu_indices(kp, 1, r)
            R[:, up[0], up[1]] = rng.standard_normal((M, len(up[0])))
        Y = np.concatenate([C + hg * Mm + sd * np.matmul(Mm, Z.transpose(0, 2, 1)), sd * np.matmul(Mm, R.transpose(0, 2, 1))], axis=2)
        Y /= np.sqrt((Y * Y).sum(axis=2, keepdims=True))
        C = factor(np.matmul(Y, Y.transpose(0, 2, 1)), r)
    G = np.matmul(C, C.transpose(0, 2, 1))
    return G[:, iu[0], iu[1]] if n > 1 else G


def factor(G, r):
    try:
        return np.linalg.cholesky(G)[:, :, :r]
    except np.linalg.LinAlgError:
        lam, U = np.linalg.eigh(G)
        return (U * np.sqrt(np.maximum(lam, 0))[:, None, :])[:, :, -r:]


def pair_cosines(X):
    n = X.shape[1]
    iu = np.triu_indices(n, 1)
    return np.matmul(X, X.transpose(0, 2, 1))[:, iu[0], iu[1]]


def run(w, mode, variant, seed):
    rng = np.random.default_rng(seed)
    n, d, M = w["n"], w["d"], w["paths"]
    if mode == "gram":
        t0 = time.perf_counter()
        if n == 2:
            cos = gram_pair(M, d, w["depth"], w["horizon"], w["beta"], w["sigma"], w.get("gamma", 0.0), rng)
        else:
            cos = gram_general(M, n, d, w["depth"], w["horizon"], w["beta"], w["sigma"], w.get("gamma", 0.0), rng)
        dt = time.perf_counter() - t0
        return dt, M * w["depth"], 0, float(np.sum(cos))
    if w["workload"] in ("W4", "W5", "D"):
        X = uniform_tokens(rng, M, n, d)
        t0 = time.perf_counter()
        chain(X, w["depth"], w["horizon"], w["beta"], w["sigma"], w.get("gamma", 0.0), rng, mode, variant)
        cos = pair_cosines(X)
        dt = time.perf_counter() - t0
        per = d * d if mode == "matrix" else n * d
        return dt, M * w["depth"], M * w["depth"] * per, float(cos.sum())
    if w["workload"] != "W3":
        X = uniform_tokens(rng, M, n, d)
        t0 = time.perf_counter()
        chain(X, w["depth"], w["horizon"], w["beta"], w["sigma"], w.get("gamma", 0.0), rng, mode, variant)
        dt = time.perf_counter() - t0
        per = d * d if mode == "matrix" else n * d
        return dt, M * w["depth"], M * w["depth"] * per, float(X.sum())
    # W3: fine Brownian path (steps × d × d normals per path), the SDE on it, then the chain at
    # each depth L on the block sums of the same increments.
    steps = w["steps"]
    X0 = uniform_tokens(rng, M, n, d)
    t0 = time.perf_counter()
    fine = rng.standard_normal((M, steps, d, d))
    fine *= w["sigma"] * np.sqrt(w["horizon"] / steps / d)
    Xs = sde(X0.copy(), steps, w["horizon"], w["beta"], w["sigma"], fine, variant)
    total = Xs.sum()
    layers = 0
    for L in w["depths"]:
        coarse = fine.reshape(M, L, steps // L, d, d).sum(axis=2)
        Xc = chain(X0.copy(), L, w["horizon"], w["beta"], w["sigma"], 0.0, rng, "matrix", variant, increments=coarse)
        total += Xc.sum()
        layers += L
    dt = time.perf_counter() - t0
    return dt, M * (steps + layers), M * steps * d * d, float(total)


def pick_mode(w):
    """The faster token-chain mode (matrix or projected) on a shortened run, with its variant."""
    best = None
    short = dict(w)
    short["depth"] = max(2, min(w["depth"], 8 if w["n"] > 8 else 20))
    for mode in ("matrix", "projected"):
        variant = pick_variant(w, mode)
        t = min(run(short, mode, variant, 1)[0] for _ in range(2))
        if best is None or t < best[0]:
            best = (t, mode, variant)
    return best[1], best[2]


def pick_variant(w, mode):
    """Time both formulations on a shortened run; return the faster one."""
    if mode == "gram":
        return "-"
    short = dict(w)
    if w["workload"] == "W3":
        short.update(paths=min(w["paths"], 8), steps=256, depths=[8, 16])
    else:
        short["depth"] = max(2, min(w["depth"], 8 if w["n"] > 8 else 40))
    best = None
    for variant in ("matmul", "einsum"):
        t = min(run(short, mode, variant, 1)[0] for _ in range(2))
        if best is None or t < best[0]:
            best = (t, variant)
    return best[1]


def main():
    if sys.argv[1] == "rate":
        rng = np.random.default_rng(0)
        out = np.empty(1 << 16)
        best = []
        for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 5):
            t0 = time.perf_counter()
            for _ in range(64):
                rng.standard_normal(out=out)
            best.append((time.perf_counter() - t0) / (64 * out.size))
        print(json.dumps({"secondsPerNormal": sorted(best)[len(best) // 2], "numpy": np.__version__}))
        return
    w = json.loads(sys.argv[1])
    mode = w.get("mode", "matrix")
    if mode == "best":
        mode, variant = pick_mode(w)
    else:
        variant = w.get("variant") or pick_variant(w, mode)
    for r in range(w.get("reps", 1)):
        c0 = time.process_time()
        dt, pl, normals, check = run(w, mode, variant, 1000 + r)
        cpu = time.process_time() - c0  # this process's CPU time (includes the start's few draws)
        print(json.dumps({"workload": w["workload"], "mode": mode, "variant": variant, "seconds": dt, "cpuSeconds": cpu,
                          "pathLayers": pl, "normals": normals, "checksum": check}), flush=True)


if __name__ == "__main__":
    main()
