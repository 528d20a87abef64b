/**
 * Training throughput of the noise-ablation model (src/training) and the tier budgets it implies.
 *
 *   npm run bench -- --training
 *
 * For the design's architecture at each depth: forward, and forward + reverse pass, per layer and
 * example (medians of repeated timings of whole minibatches), then one Adam step of a batch.
 * The experiment's work is counted in layer-example passes (a training example costs three: one
 * forward, a reverse pass of about two); the projected single-core time of each tier is that count
 * times the measured cost per forward pass. Costs are CPU time of this (single-threaded) process,
 * which on a shared machine stays close to the unloaded wall time while the wall clock does not;
 * the wall-clock cost is printed beside it, with the load average.
 */
import { loadavg } from 'node:os';
import { NOISE_ABLATION, type TierSizes } from '../../src/training/design.js';
import { architecture, initialReadout, initialValues } from '../../src/training/experiment.js';
import { backward, featureCount, forward, Tape, zeroGradient } from '../../src/training/model.js';
import { generateDataset } from '../../src/training/tasks.js';
import { trainEndToEnd } from '../../src/training/train.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Layer-example passes of a tier (the same count the progress bar uses). */
export function tierPasses(sizes: TierSizes): number {
  const { depths, arms, tasks, learningRates } = NOISE_ABLATION;
  let total = 0;
  for (const L of depths) {
    total += sizes.frozenSeeds * arms.length * (sizes.train + sizes.validation + sizes.test) * L;
    total += sizes.trainedSeeds * tasks.length * arms.length * learningRates.length * (3 * sizes.epochs * sizes.train + sizes.validation + sizes.test) * L;
  }
  return total;
}

export function trainingBenchmark(reps: number): void {
  const load0 = loadavg()[0];
  const design = NOISE_ABLATION;
  const { n, d } = design.shape;
  const data = generateDataset(1, 'train', 200, design.shape);
  console.log(`training throughput (n = ${n}, d = ${d}, one thread, float64; CPU time, medians of ${reps} timings)`);
  console.log('| L | forward µs/layer/example | forward+reverse µs/layer/example | ratio | Adam epoch of 200 examples (batch 20), ms CPU | forward, wall clock µs |');
  console.log('|---|---|---|---|---|---|');
  let perPass = Infinity;
  for (const L of design.depths) {
    const arm = design.arms[0];
    const arch = architecture(design, L, arm);
    const values = initialValues(1, design, L, arm);
    const params = { values, readout: initialReadout(1, design, 'relational'), bias: 0 };
    const tape = new Tape(arch);
    const f = new Float64Array(featureCount(d));
    const g = zeroGradient(arch);
    const count = Math.max(20, Math.round(20000 / L));
    const wall: number[] = [];
    const time = (withBackward: boolean) => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      for (let e = 0; e < count; e++) {
        const k = e % data.count;
        forward(arch, values, data.inputs.subarray(k * n * d, (k + 1) * n * d), tape, f);
        if (withBackward) backward(arch, params, tape, f, data.labels.relational[k] as 0 | 1, 1, g);
      }
      const c = process.cpuUsage(c0);
      if (!withBackward) wall.push(((performance.now() - t0) * 1000) / (count * L));
      return (c.user + c.system) / (count * L);
    };
    time(true); // warm-up
    const fw: number[] = [];
    const fb: number[] = [];
    const ep: number[] = [];
    for (let r = 0; r < reps; r++) {
      fw.push(time(false));
      fb.push(time(true));
      const t0 = process.cpuUsage();
      trainEndToEnd(arch, params, data.inputs, data.labels.relational, { epochs: 1, batchSize: design.batchSize, learningRate: 0.01 }, 1);
      const c = process.cpuUsage(t0);
      ep.push((c.user + c.system) / 1000);
    }
    perPass = Math.min(perPass, median(fw));
    console.log(`| ${L} | ${median(fw).toFixed(2)} | ${median(fb).toFixed(2)} | ${(median(fb) / median(fw)).toFixed(2)} | ${median(ep).toFixed(0)} | ${median(wall).toFixed(2)} |`);
  }
  for (const [tier, sizes] of Object.entries(design.tiers)) {
    const passes = tierPasses(sizes);
    console.log(`${tier} tier: ${(passes / 1e6).toFixed(1)} M layer-example passes ≈ ${((passes * perPass) / 1e6).toFixed(0)} s of CPU on one core at ${perPass.toFixed(2)} µs/pass`);
  }
  console.log(`load average: ${load0.toFixed(2)} → ${loadavg()[0].toFixed(2)}`);
}
