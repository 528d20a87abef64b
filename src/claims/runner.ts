/**
 * Runs claims against a simulator: checks capabilities ("not applicable" when one is missing),
 * derives an independent seed per claim, times each claim and turns exceptions into "error"
 * verdicts that name what went wrong — a misbehaving simulator never crashes the run.
 */
import { deriveSeed } from '../rng/streams.js';
import { lawCapability, missingCapabilities, type Simulator } from './simulatorUnderTest.js';
import type { Claim, ClaimResult, Tier } from './claim.js';

export interface RunOptions {
  tier: Tier;
  seed: number;
  /** Called with (claim index, fraction done within the claim, claim id). */
  onProgress?: (index: number, fraction: number, id: string) => void;
  /** Called when a claim finishes. */
  onResult?: (result: ClaimResult, index: number) => void;
}

/** A stable number for a claim id, so each claim gets its own seed whatever the claim order. */
export function claimKey(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The seed claim `id` runs with in a run of seed `runSeed` (independent of which other claims run). */
export function claimSeed(runSeed: number, id: string): number {
  return deriveSeed(runSeed, [claimKey(id)]);
}

export async function runClaim(claim: Claim, sim: Simulator, opts: RunOptions, index = 0): Promise<ClaimResult> {
  const m = claim.meta;
  const seed = claimSeed(opts.seed, m.id);
  const head = { id: m.id, group: m.group, title: m.title, kind: m.kind, alpha: m.alpha, seed };
  if (m.tiers && !m.tiers.includes(opts.tier)) {
    return { ...head, status: 'not-applicable', seconds: 0, summary: `runs in the ${m.tiers.join(', ')} tier only` };
  }
  const missing = missingCapabilities(sim, m.needs);
  if (missing.length > 0) {
    return { ...head, status: 'not-applicable', seconds: 0, summary: `simulator lacks capability ${missing.join(', ')}` };
  }
  const t0 = performance.now();
  try {
    const { pass, ...measured } = await claim.check({
      sim,
      tier: opts.tier,
      seed,
      progress: (f) => opts.onProgress?.(index, Math.min(1, Math.max(0, f)), m.id),
    });
    return { ...head, ...measured, status: pass ? 'pass' : 'fail', seconds: (performance.now() - t0) / 1000 };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ...head, status: 'error', seconds: (performance.now() - t0) / 1000, summary: msg.split('\n')[0] };
  }
}

export async function runClaims(claims: readonly Claim[], sim: Simulator, opts: RunOptions): Promise<ClaimResult[]> {
  const results: ClaimResult[] = [];
  for (let i = 0; i < claims.length; i++) {
    const r = await runClaim(claims[i], sim, opts, i);
    results.push(r);
    opts.onResult?.(r, i);
  }
  return results;
}

export { lawCapability };
