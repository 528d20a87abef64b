/**
 * End-state statistics of a cell: counts add up, group sizes are tallied by the smaller group,
 * and formation times measured on a coarse stride agree with those on every layer (same paths:
 * snapshots do not change the bits of a run).
 */
import { describe, expect, test } from 'vitest';
import { EndStateTally } from './endStates.js';
import { runChain } from '../simulator/chain.js';
import { pairCount, pairwiseCosines } from '../simulator/tokens.js';

function tallyOf(n: number, stride: number, config: { d: number; beta: number; depth: number; horizon: number; paths: number; seed: number }) {
  const r = runChain({ n, ...config, sigma: 1, snapshots: { stride, record: 'cosines' } });
  const layers = r.snapshots!.layers;
  const pairs = pairCount(n);
  const t = new EndStateTally(n);
  const cos = new Float64Array(pairs);
  const states = [];
  for (let p = 0; p < config.paths; p++) {
    pairwiseCosines(r.finalTokens, n, config.d, cos, p * n * config.d);
    states.push(t.add(cos, r.snapshots!.data, layers.length, p * layers.length * pairs));
  }
  return { t, layers, states };
}

describe('EndStateTally', () => {
  const config = { d: 3, beta: 2, depth: 600, horizon: 15, paths: 60, seed: 3 };

  test('counts add up and two-group sizes are tallied by the smaller group', () => {
    const { t, layers, states } = tallyOf(4, 10, config);
    const s = t.summary({ alpha: 0.05, layers, horizon: config.horizon, depth: config.depth });
    expect(s.oneCluster.count + s.twoGroups.count + s.clusters.count + s.undecided.count).toBe(config.paths);
    expect(s.groupSizes.map((g) => g.sizes)).toEqual([[1, 3], [2, 2]]);
    const two = states.filter((x) => x.kind === 'two-groups');
    expect(s.groupSizes[1].frequency.count).toBe(two.filter((x) => x.kind === 'two-groups' && x.sizes[0] === 2).length);
    expect(s.twoGroups.count).toBeGreaterThan(0); // β = 2, d = 3: two groups form (measured ≈ 30%)
    expect(s.formationTime!.strideLayers).toBe(10);
    expect(s.formationTime!.resolution).toBeCloseTo(10 * config.horizon / config.depth, 12);
    const q = s.formationTime!.oneCluster!.quantiles;
    for (let i = 1; i < q.length; i++) expect(q[i].time).toBeGreaterThanOrEqual(q[i - 1].time);
    expect(q[2].lower! <= q[2].time && q[2].time <= q[2].upper!).toBe(true);
  });

  test('the formation time on a stride of 10 layers is at most the per-layer one rounded up to the stride', () => {
    const fine = tallyOf(4, 1, config);
    const coarse = tallyOf(4, 10, config);
    expect(coarse.states).toEqual(fine.states);
    for (const kind of ['one-cluster', 'two-groups'] as const) {
      const a = fine.t.formation[kind].map((i) => fine.layers[i]);
      const b = coarse.t.formation[kind].map((i) => coarse.layers[i]);
      expect(b.length).toBe(a.length);
      // Earlier is possible: a formation that broke only between two snapshots is not seen.
      b.forEach((layer, i) => expect(layer).toBeLessThanOrEqual(Math.ceil(a[i] / 10) * 10));
      expect(b.some((layer, i) => layer === Math.ceil(a[i] / 10) * 10)).toBe(true);
    }
  });
});
