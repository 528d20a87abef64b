/**
 * Token paths on S² (d = 3): one run that ends in one cluster and one that ends in two antipodal
 * clusters, each drawn on a globe (orthographic projection) seen from both sides.
 */
import { runChainParallel } from '../parallel/index.js';
import { classifyFormation, type Formation } from '../simulator/classify.js';
import { pairwiseCosines, pairCount } from '../simulator/tokens.js';
import type { Spec } from './render.js';
import type { SphereSettings } from './settings.js';

export interface SphereRun {
  path: number;
  formation: Formation;
  /** Time at which the end formation is first reached (the paths are cut there). */
  reachedAt: number;
  /** Per token: [longitude, latitude] in degrees at each snapshot up to reachedAt. */
  tokens: [number, number][][];
}

export interface SphereData {
  settings: SphereSettings;
  seed: number;
  runs: SphereRun[];
}

const DEG = 180 / Math.PI;

function lonLat(x: number, y: number, z: number): [number, number] {
  return [Math.atan2(y, x) * DEG, Math.asin(Math.max(-1, Math.min(1, z))) * DEG];
}

export async function computeSphereTrajectories(s: SphereSettings, seed: number): Promise<SphereData> {
  const d = 3;
  const { n } = s;
  const r = await runChainParallel({ n, d, beta: s.beta, sigma: 1, gamma: 0, horizon: s.horizon, depth: s.depth, paths: s.candidates, seed, snapshots: { stride: s.stride, record: 'tokens' } });
  const snap = r.snapshots!;
  const K = snap.layers.length;
  const cos = new Float64Array(pairCount(n));
  const formations = Array.from({ length: s.candidates }, (_, p) => {
    pairwiseCosines(r.finalTokens, n, d, cos, p * n * d);
    return classifyFormation(cos, n).formation;
  });
  // One run of each end state when the candidates have one; otherwise the first runs.
  const wanted: Formation[] = ['one-cluster', 'antipodal'];
  const picked = wanted.map((f, i) => {
    const p = formations.indexOf(f);
    return p >= 0 ? p : i;
  });
  const tokenOffset = (p: number, k: number) => (p * K + k) * n * d;
  // After the formation is reached the cluster(s) still rotate together under the common noise;
  // cutting the paths there keeps the picture about clustering.
  const reached = (p: number): number => {
    if (formations[p] === 'other') return K - 1;
    for (let k = 0; k < K; k++) {
      pairwiseCosines(snap.data, n, d, cos, tokenOffset(p, k));
      if (classifyFormation(cos, n).formation === formations[p]) return k;
    }
    return K - 1;
  };
  const runs = picked.map((p) => ({
    path: p,
    formation: formations[p],
    reachedAt: (snap.layers[reached(p)] * s.horizon) / s.depth,
    tokens: Array.from({ length: n }, (_, i) =>
      Array.from({ length: reached(p) + 1 }, (_, k) => {
        const o = tokenOffset(p, k) + i * d;
        return lonLat(snap.data[o], snap.data[o + 1], snap.data[o + 2]);
      }),
    ),
  }));
  return { settings: s, seed, runs };
}

const FORMATION_TEXT: Record<Formation, string> = { 'one-cluster': 'one cluster', antipodal: 'two antipodal clusters', other: 'not converged' };

function globe(run: SphereRun, back: boolean, title: string): Spec {
  const [lon, lat] = run.tokens[0][run.tokens[0].length - 1];
  const rotate = back ? [-lon + 180, lat, 0] : [-lon, -lat, 0];
  const features = run.tokens.flatMap((path, i) => {
    const token = `token ${i + 1}`;
    return [
      { type: 'Feature', properties: { token, part: 'path' }, geometry: { type: 'LineString', coordinates: path } },
      { type: 'Feature', properties: { token, part: 'start' }, geometry: { type: 'Point', coordinates: path[0] } },
      { type: 'Feature', properties: { token, part: 'end' }, geometry: { type: 'Point', coordinates: path[path.length - 1] } },
    ];
  });
  const color = { field: 'properties.token', type: 'nominal', title: 'token', legend: { orient: 'right' } };
  const only = (part: string) => ({ filter: { field: 'properties.part', equal: part } });
  const data = { values: features, format: { type: 'json' } };
  return {
    title: { text: title, fontSize: 13 },
    width: 250,
    height: 250,
    projection: { type: 'orthographic', rotate },
    layer: [
      { data: { sphere: true }, mark: { type: 'geoshape', fill: '#f4f7fb', stroke: '#666', strokeWidth: 1 } },
      { data: { graticule: { step: [30, 30] } }, mark: { type: 'geoshape', filled: false, stroke: '#c8ccd2', strokeWidth: 0.6 } },
      { data, transform: [only('path')], mark: { type: 'geoshape', filled: false, strokeWidth: 1.6 }, encoding: { stroke: color } },
      { data, transform: [only('start')], mark: { type: 'geoshape', fill: 'white', strokeWidth: 1.5 }, encoding: { stroke: color } },
      { data, transform: [only('end')], mark: { type: 'geoshape', stroke: 'black', strokeWidth: 0.8 }, encoding: { fill: color } },
    ],
  };
}

export function sphereTrajectoriesSpec(c: SphereData): Spec {
  const s = c.settings;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Token paths on the sphere S² (d = 3)',
      subtitle: [
        `n = ${s.n} tokens from uniform random starts, β = ${s.beta}, σ = 1, γ = 0, h = ${s.horizon / s.depth}; paths until the formation is reached (time τ)`,
        'open circle: start; filled circle: position at τ; left: hemisphere centred on token 1 at τ, right: the opposite hemisphere',
      ],
    },
    concat: c.runs.flatMap((run) => [
      globe(run, false, `${FORMATION_TEXT[run.formation]}, τ = ${run.reachedAt.toFixed(1)}: front`),
      globe(run, true, `${FORMATION_TEXT[run.formation]}, τ = ${run.reachedAt.toFixed(1)}: back`),
    ]),
    columns: 2,
    resolve: { scale: { color: 'shared', stroke: 'shared', fill: 'shared' } },
  };
}
