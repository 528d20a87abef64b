/**
 * Runs the noise-ablation experiment: for every replicate seed, depth and arm, (i) fits a readout
 * on the frozen random network and (ii) trains the network end to end, and records validation and
 * test accuracy. Arms are paired within a replicate: the same data, the same readout
 * initialization, the same batch order, the same γ; arms A and C share the very same normal draws
 * for their value matrices (B starts from zero). Analysis lives in analysis.ts.
 */
import { deriveSeed, streamRng } from '../rng/streams.js';
import { fillNormal } from '../rng/normal.js';
import { featureCount, type Architecture, type Parameters } from './model.js';
import { generateDataset, STREAM_READOUT_INIT, STREAM_VALUE_INIT, TASKS, type Dataset, type TaskName } from './tasks.js';
import { accuracyOfLogits, fitFrozenReadout, networkFeatures, networkLogits, trainEndToEnd, type FitOutcome } from './train.js';
import type { ArmId, ArmSpec, Design, Regime, TierSizes } from './design.js';

/** One fitted network: what was chosen on validation and the test accuracy. */
export interface RunRecord extends FitOutcome {
  regime: Regime;
  task: TaskName;
  depth: number;
  arm: ArmId;
  /** Replicate index r (its seed is deriveSeed(master, [r])). */
  replicate: number;
}

/** Restricts a run to part of the design (the spec runs one cell); omitted = everything. */
export interface Selection {
  regimes?: readonly Regime[];
  tasks?: readonly TaskName[];
  depths?: readonly number[];
  arms?: readonly ArmId[];
}

export interface RunOptions {
  seed: number;
  sizes: TierSizes;
  selection?: Selection;
  /** Called after each fit with the work done and the total (in layer-example passes). */
  onProgress?: (done: number, total: number, label: string) => void;
}

export function architecture(design: Design, depth: number, arm: ArmSpec): Architecture {
  const { n, d } = design.shape;
  return { n, d, depth, horizon: design.horizon, beta: design.beta, gamma: design.gamma, valueScaling: arm.valueScaling };
}

/** Initial value matrices of `arm` at `depth` in replicate `seed`: σ/√d times shared normals. */
export function initialValues(seed: number, design: Design, depth: number, arm: ArmSpec): Float64Array {
  const d = design.shape.d;
  const values = new Float64Array(depth * d * d);
  if (arm.sigma === 0) return values;
  fillNormal(streamRng(seed, [STREAM_VALUE_INIT, depth]), values, arm.sigma / Math.sqrt(d));
  return values;
}

/** Initial readout, shared by all arms and depths of a replicate: N(0, 1/p) weights, zero bias. */
export function initialReadout(seed: number, design: Design, task: TaskName): Float64Array {
  const p = featureCount(design.shape.d);
  const w = new Float64Array(p);
  fillNormal(streamRng(seed, [STREAM_READOUT_INIT, TASKS.indexOf(task)]), w, 1 / Math.sqrt(p));
  return w;
}

/** The seed of replicate r under master seed `seed`. */
export function replicateSeed(seed: number, r: number): number {
  return deriveSeed(seed, [r]);
}

interface Splits {
  train: Dataset;
  validation: Dataset;
  test: Dataset;
}

function splitsOf(seed: number, design: Design, sizes: TierSizes): Splits {
  return {
    train: generateDataset(seed, 'train', sizes.train, design.shape),
    validation: generateDataset(seed, 'validation', sizes.validation, design.shape),
    test: generateDataset(seed, 'test', sizes.test, design.shape),
  };
}

/** Work of one fit in layer-example passes (a backward pass counted as two forward passes). */
function frozenWork(sizes: TierSizes, depth: number): number {
  return (sizes.train + sizes.validation + sizes.test) * depth;
}
function trainedWork(sizes: TierSizes, depth: number): number {
  return (3 * sizes.epochs * sizes.train + sizes.validation + sizes.test) * depth;
}

/** Runs the (selected part of the) design; records come in a fixed order. */
export function runNoiseAblation(design: Design, opts: RunOptions): RunRecord[] {
  const { sizes } = opts;
  const sel = opts.selection ?? {};
  const regimes = sel.regimes ?? ['frozen', 'trained'];
  const tasks = sel.tasks ?? design.tasks;
  const depths = sel.depths ?? design.depths;
  const arms = design.arms.filter((a) => (sel.arms ?? design.arms.map((x) => x.id)).includes(a.id));
  const lrs = design.learningRates;
  let total = 0;
  for (const depth of depths) {
    if (regimes.includes('frozen')) total += sizes.frozenSeeds * arms.length * frozenWork(sizes, depth);
    if (regimes.includes('trained')) total += sizes.trainedSeeds * tasks.length * arms.length * lrs.length * trainedWork(sizes, depth);
  }
  let done = 0;
  const records: RunRecord[] = [];
  const p = featureCount(design.shape.d);
  const replicates = Math.max(regimes.includes('frozen') ? sizes.frozenSeeds : 0, regimes.includes('trained') ? sizes.trainedSeeds : 0);
  for (let r = 0; r < replicates; r++) {
    const seed = replicateSeed(opts.seed, r);
    const data = splitsOf(seed, design, sizes);
    for (const depth of depths) {
      for (const arm of arms) {
        const arch = architecture(design, depth, arm);
        const values = initialValues(seed, design, depth, arm);
        if (regimes.includes('frozen') && r < sizes.frozenSeeds) {
          const features = {
            train: networkFeatures(arch, values, data.train.inputs, data.train.count),
            validation: networkFeatures(arch, values, data.validation.inputs, data.validation.count),
            test: networkFeatures(arch, values, data.test.inputs, data.test.count),
          };
          for (const task of tasks) {
            const labels = { train: data.train.labels[task], validation: data.validation.labels[task], test: data.test.labels[task] };
            records.push({ regime: 'frozen', task, depth, arm: arm.id, replicate: r, ...fitFrozenReadout(features, labels, p, design.lambdas) });
          }
          done += frozenWork(sizes, depth);
          opts.onProgress?.(done, total, `frozen L=${depth} ${arm.id} seed ${r + 1}`);
        }
        if (regimes.includes('trained') && r < sizes.trainedSeeds) {
          for (const task of tasks) {
            const init: Parameters = { values, readout: initialReadout(seed, design, task), bias: 0 };
            let best: FitOutcome | null = null;
            for (const learningRate of lrs) {
              const trained = trainEndToEnd(arch, init, data.train.inputs, data.train.labels[task], { epochs: sizes.epochs, batchSize: design.batchSize, learningRate }, seed);
              const validationAccuracy = accuracyOfLogits(networkLogits(arch, trained, data.validation.inputs, data.validation.count), data.validation.labels[task]);
              if (best === null || validationAccuracy > best.validationAccuracy) {
                const testAccuracy = accuracyOfLogits(networkLogits(arch, trained, data.test.inputs, data.test.count), data.test.labels[task]);
                best = { chosen: learningRate, validationAccuracy, testAccuracy };
              }
              done += trainedWork(sizes, depth);
              opts.onProgress?.(done, total, `trained ${task} L=${depth} ${arm.id} seed ${r + 1}`);
            }
            records.push({ regime: 'trained', task, depth, arm: arm.id, replicate: r, ...best! });
          }
        }
      }
    }
  }
  return records;
}
