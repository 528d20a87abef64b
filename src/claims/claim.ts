/**
 * What a spec (one claim, one file in specs/) is: metadata in the style of test262's front matter,
 * and an async check that takes the simulator under test as a parameter.
 */
import type { Capability, Simulator } from './simulatorUnderTest.js';

export const TIERS = ['quick', 'full'] as const;
export type Tier = (typeof TIERS)[number];

/** `experiment`: trains models (src/training) and tests a pre-registered paired hypothesis. */
export type ClaimKind = 'exact' | 'property' | 'statistical' | 'experiment';

export interface ClaimMeta {
  /** Stable identifier, e.g. "phase-transition". */
  id: string;
  /** The paper's claim this spec belongs to, for grouping (the README's claims table lists the groups). */
  group: 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g';
  /** One-line title for tables. */
  title: string;
  /** The claim in one sentence. */
  claim: string;
  /** The section of the model it checks: an anchor of docs/model.md, as `docs/model.md#anchor`. */
  section: string;
  kind: ClaimKind;
  /** Optional simulator capabilities it needs (missing → "not applicable"). */
  needs: Capability[];
  /** False-alarm level of the whole check (null for exact checks with a numerical tolerance). */
  alpha: number | null;
  /** Sample size per tier, in words (paths, depths, batches). */
  sampleSize: Record<Tier, string>;
  /** Why this size: the fault effect it resolves and the resulting power. */
  power: string;
  /** Ids of the deliberately broken simulators (src/faults/faults.ts) it is designed to catch. */
  catches: string[];
  /** Tiers the claim runs in (default: all); in the others it is reported "not applicable". */
  tiers?: readonly Tier[];
}

export interface ClaimContext {
  sim: Simulator;
  tier: Tier;
  /** Seed for this claim (derived from the run's seed and the claim id). */
  seed: number;
  /** Report progress in [0, 1]. */
  progress(fraction: number): void;
}

export interface ClaimOutcome {
  pass: boolean;
  /** The headline number and its interval (e.g. an estimated probability and its CI). */
  estimate: number | null;
  interval: [number, number] | null;
  /** What the estimate is compared with (a theory value, a reference slope, …). */
  expected: number | string | null;
  /** Number of simulated paths (or property runs) behind the verdict. */
  sampleSize: number;
  /** One or two sentences a reader can act on. */
  summary: string;
  /** Everything needed to audit the verdict (per-cell counts, p-values, …). */
  evidence: Record<string, unknown>;
}

export interface Claim {
  meta: ClaimMeta;
  check(ctx: ClaimContext): Promise<ClaimOutcome>;
}

/** What every claim result has, whatever its status. */
interface ResultHead {
  id: string;
  group: ClaimMeta['group'];
  title: string;
  kind: ClaimKind;
  alpha: number | null;
  /** The seed the claim ran with (0 when it never ran). */
  seed: number;
  seconds: number;
  /** One or two sentences: the verdict, the error message, or what is missing. */
  summary: string;
}

/** What a claim that ran to a verdict measured (its outcome without the verdict). */
export type Measurement = Omit<ClaimOutcome, 'pass' | 'summary'>;

/** The claim held. */
export interface PassResult extends ResultHead, Measurement {
  status: 'pass';
}

/** The claim did not hold: the measurement contradicts it. */
export interface FailResult extends ResultHead, Measurement {
  status: 'fail';
}

/** The claim could not be checked: the simulator misbehaved or the check threw. */
export interface ErrorResult extends ResultHead {
  status: 'error';
}

/** The simulator lacks a capability the claim needs, or declined a request (the summary says which). */
export interface NotApplicableResult extends ResultHead {
  status: 'not-applicable';
}

/** One claim's result: one variant per status, each with only its own fields. */
export type ClaimResult = PassResult | FailResult | ErrorResult | NotApplicableResult;
export type ClaimStatus = ClaimResult['status'];

/** The measurement of a result that has one (pass or fail), else null. */
export function measurementOf(r: ClaimResult): Measurement | null {
  return r.status === 'pass' || r.status === 'fail' ? r : null;
}

/** The seed `dst-verify verify` and the tests use unless told otherwise. */
export const DEFAULT_SEED = 20260129;

/** Whether a run holds: no claim failed or errored ("not applicable" claims do not count). */
export function claimsHold(results: readonly ClaimResult[]): boolean {
  return results.every((r) => r.status === 'pass' || r.status === 'not-applicable');
}
