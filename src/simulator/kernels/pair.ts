/**
 * The projected pair kernel in JS (n = 2 with a query or key matrix; Q = K = I goes to the
 * WebAssembly pair kernel, ./wasmPair.ts): the noise of the two tokens in the basis of
 * u = m₁ + m₂ and w = m₁ − m₂. With z₀, z₁ from `fillNormal` on the path's NOISE stream (scaled by
 * sd = σ√h/√d), √h·V u = r₁₁ z₀ and √h·V w = c z₀ + r₂₂ z₁ (Gram–Schmidt of (u, w)); token 1 gets
 * half their sum, token 2 half their difference. u = 0 (antipodal pair) or w = 0 (identical tokens)
 * gives exactly opposite or equal noise.
 */
import { fillNormal } from '../../rng/normal.js';
import type { Xoshiro128 } from '../../rng/xoshiro128.js';
import { Workspace } from '../workspace.js';
import { drawsProjected, plainAttention, type LayerKernel } from './kernel.js';
import { attendAndDrift, noiseSdOf, RANK_TOLERANCE, runProjected } from './projected.js';

/** The noise of a projected pair layer added to x (after the drift), then normalization. */
export function projectedPairNoise(x: Float64Array, d: number, means: Float64Array, noiseSd: number, g: Xoshiro128, ws: Workspace): number {
  const q = ws.basis; // q₁ in [0, d), the residual of w in [d, 2d)
  let uu = 0;
  let ww = 0;
  for (let a = 0; a < d; a++) {
    const m1 = means[a];
    const m2 = means[d + a];
    const u = m1 + m2;
    const w = m1 - m2;
    q[a] = u;
    q[d + a] = w;
    uu += u * u;
    ww += w * w;
  }
  let r11 = 0;
  let c = 0;
  if (uu > 0) {
    r11 = Math.sqrt(uu);
    const inv = 1 / r11;
    for (let a = 0; a < d; a++) {
      const t = q[a] * inv;
      q[a] = t;
      c += t * q[d + a];
    }
  }
  let vv = 0;
  for (let a = 0; a < d; a++) {
    const t = q[d + a] - c * q[a];
    q[d + a] = t;
    vv += t * t;
  }
  const tol2 = RANK_TOLERANCE * RANK_TOLERANCE;
  const r22 = vv > tol2 * ww && vv > 0 ? Math.sqrt(vv) : 0;
  const z = ws.z;
  fillNormal(g, z, noiseSd, 0, 2 * d);
  const A = 0.5 * r11;
  const C = 0.5 * c;
  const B = 0.5 * r22;
  let n1 = 0;
  let n2 = 0;
  for (let a = 0; a < d; a++) {
    const p = A * z[a];
    const s = C * z[a] + B * z[d + a];
    const y1 = x[a] + (p + s);
    const y2 = x[d + a] + (p - s);
    x[a] = y1;
    x[d + a] = y2;
    n1 += y1 * y1;
    n2 += y2 * y2;
  }
  if (!(n1 > 0 && n1 < Infinity)) return 0;
  if (!(n2 > 0 && n2 < Infinity)) return 1;
  const k1 = 1 / Math.sqrt(n1);
  const k2 = 1 / Math.sqrt(n2);
  for (let a = 0; a < d; a++) {
    x[a] *= k1;
    x[d + a] *= k2;
  }
  return -1;
}

export const pairKernel: LayerKernel = {
  name: 'pair',
  contract: {
    kind: 'same-law',
    as: 'matrix',
    statement: 'the law of the matrix kernel with Gaussian entries, for two tokens',
    example: { n: 2, d: 4, depth: 12, horizon: 1, beta: 1.5, gamma: 0.3, sampling: 'projected', key: [[1, 0, 0, 0], [0.3, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], initialTokens: [[1, 0, 0, 0], [0.6, 0.8, 0, 0]] },
  },
  applies: (c) => drawsProjected(c) && c.n === 2 && !plainAttention(c),
  run(c, onPath) {
    const h = c.horizon / c.depth;
    const sd = noiseSdOf(c);
    const ws = new Workspace(c.n, c.d);
    return runProjected(
      c,
      (x, g) => {
        attendAndDrift(x, c, h, ws);
        return projectedPairNoise(x, c.d, ws.means, sd, g, ws);
      },
      onPath,
    );
  },
};
