/**
 * Token paths on S² (d = 3): one run that ends in one cluster and another run that ends in two
 * antipodal groups, each drawn on a globe (orthographic projection) seen from both sides. The
 * runs are the first of each end state among the candidates; a state no candidate reached is
 * named in `missing` (and in the caption), never drawn with another run in its place.
 */
import { runChainParallel } from '../parallel/index.js';
import { classifyFormation, endStateOf, formationSnapshot, type EndState } from '../simulator/classify.js';
import { pairwiseCosines, pairCount } from '../simulator/tokens.js';
import type { Spec } from './render.js';
import type { SphereSettings } from './settings.js';

/** Classification tolerance: unequal antipodal groups keep a gap of order 1e-3 (docs/model.md#two-antipodal-groups). */
export const SPHERE_TOLERANCE = 0.01;

type Wanted = 'one-cluster' | 'two-groups';
const WANTED: Wanted[] = ['one-cluster', 'two-groups'];

export interface SphereRun {
  path: number;
  state: EndState;
  /** Time from which the end formation holds to the horizon (the paths are cut there). */
  reachedAt: number;
  /** Per token: [longitude, latitude] in degrees at each snapshot up to reachedAt. */
  tokens: [number, number][][];
}

export interface SphereData {
  settings: SphereSettings;
  seed: number;
  runs: SphereRun[];
  /** End states that no candidate run reached. */
  missing: Wanted[];
  /** How many candidates ended in each state. */
  counts: Record<Wanted | 'other', number>;
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
  const pairs = pairCount(n);
  const cos = new Float64Array(pairs);
  const states = Array.from({ length: s.candidates }, (_, p) => {
    pairwiseCosines(r.finalTokens, n, d, cos, p * n * d);
    return endStateOf(classifyFormation(cos, n, SPHERE_TOLERANCE));
  });
  const counts = { 'one-cluster': 0, 'two-groups': 0, other: 0 };
  for (const st of states) counts[st.kind === 'one-cluster' || st.kind === 'two-groups' ? st.kind : 'other']++;
  const tokenOffset = (p: number, k: number) => (p * K + k) * n * d;
  // After the formation is reached the groups still rotate together under the common noise;
  // cutting the paths there keeps the picture about clustering.
  const reached = (p: number): number => {
    const c = new Float64Array(K * pairs);
    for (let k = 0; k < K; k++) pairwiseCosines(snap.data, n, d, c, tokenOffset(p, k), k * pairs);
    return formationSnapshot(c, K, n, SPHERE_TOLERANCE) ?? K - 1;
  };
  const found = WANTED.map((w) => ({ w, p: states.findIndex((st) => st.kind === w) }));
  const runs = found.filter((f) => f.p >= 0).map(({ p }) => {
    const k = reached(p);
    return {
      path: p,
      state: states[p],
      reachedAt: (snap.layers[k] * s.horizon) / s.depth,
      tokens: Array.from({ length: n }, (_, i) =>
        Array.from({ length: k + 1 }, (_, j) => {
          const o = tokenOffset(p, j) + i * d;
          return lonLat(snap.data[o], snap.data[o + 1], snap.data[o + 2]);
        }),
      ),
    };
  });
  return { settings: s, seed, runs, missing: found.filter((f) => f.p < 0).map((f) => f.w), counts };
}

/** The caption's sentence about the candidates: how many reached each state, and what was not found. */
export function sphereNote(c: SphereData): string {
  const text = { 'one-cluster': 'one cluster', 'two-groups': 'two antipodal groups' };
  const base = `Of ${c.settings.candidates} candidate runs, ${c.counts['one-cluster']} ended in one cluster, ${c.counts['two-groups']} in two antipodal groups and ${c.counts.other} in neither (tolerance ${SPHERE_TOLERANCE}).`;
  return c.missing.length ? `${base} No candidate ended in ${c.missing.map((m) => text[m]).join(' or ')}, so that panel is left out.` : base;
}

function stateText(st: EndState): string {
  if (st.kind === 'two-groups') return `two antipodal groups (${st.sizes[0]} + ${st.sizes[1]})`;
  if (st.kind === 'one-cluster') return 'one cluster';
  return st.kind === 'clusters' ? `${st.k} clusters` : 'not converged';
}

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
  if (c.runs.length === 0) {
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: { text: 'Token paths on the sphere S² (d = 3)', subtitle: `n = ${s.n}, β = ${s.beta}, T = ${s.horizon}` },
      width: 500,
      height: 60,
      data: { values: [{ text: sphereNote(c) }] },
      mark: { type: 'text', fontSize: 12, align: 'center' },
      encoding: { text: { field: 'text' } },
    };
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Token paths on the sphere S² (d = 3)',
      subtitle: [
        `n = ${s.n} tokens from uniform random starts, β = ${s.beta}, σ = 1, γ = 0, h = ${s.horizon / s.depth}; paths until the end formation holds for good (time τ)`,
        'open circle: start; filled circle: position at τ; left: hemisphere centred on token 1 at τ, right: the opposite hemisphere',
        ...(c.missing.length ? [sphereNote(c)] : []),
      ],
    },
    concat: c.runs.flatMap((run) => [
      globe(run, false, `run ${run.path + 1}: ${stateText(run.state)}, τ = ${run.reachedAt.toFixed(1)}: front`),
      globe(run, true, `run ${run.path + 1}: ${stateText(run.state)}, τ = ${run.reachedAt.toFixed(1)}: back`),
    ]),
    columns: 2,
    resolve: { scale: { color: 'shared', stroke: 'shared', fill: 'shared' } },
  };
}
