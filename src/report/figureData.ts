/**
 * The data behind each kind of figure, computed one way for the report (every kind, tier
 * settings) and for `dst-verify plot` (one kind, settings overridden by flags). Each computation
 * has its own seed, reportSeed(seed, label), apart from the claims' seeds.
 */
import { join } from 'node:path';
import { referenceSimulator } from '../claims/reference.js';
import { claimKey, runClaims } from '../claims/runner.js';
import type { ClaimResult } from '../claims/claim.js';
import { deriveSeed } from '../rng/streams.js';
import { convergenceData } from './convergence.js';
import { computeCosineTrajectories } from './cosineTrajectories.js';
import type { FigureData } from './figures.js';
import { computeNoiseAblation } from './noiseAblation.js';
import { loadNTokenData } from './nToken.js';
import { packageInfo } from '../util/version.js';
import { computePhaseGrid } from './phaseGrid.js';
import type { ReportTier, TierSettings } from './settings.js';
import { computeSphereTrajectories } from './sphereTrajectories.js';

/** Seeds of the report's own computations, apart from the claims' seeds. */
export const reportSeed = (seed: number, label: string) => deriveSeed(seed, [claimKey(`report:${label}`)]);

/** The claims whose evidence the convergence figure draws. */
export const CONVERGENCE_CLAIMS = ['strong-order', 'weak-order'];

/** Where the n-token figure reads its grid results by default (docs/n-token.md). */
export const DEFAULT_N_TOKEN_RESULTS = () => join(packageInfo().root, 'docs', 'n-token', 'results.json');

/** Inputs some figures read instead of computing: claim results, a saved n-token grid. */
export interface FigureInputs {
  /** Claim results with the convergence evidence (else the two convergence claims are run). */
  results?: readonly ClaimResult[];
  /** The n-token grid's results.json (default DEFAULT_N_TOKEN_RESULTS()). */
  nTokenResults?: string;
}

/** The data one kind of figure needs. */
export async function computeFigureData(
  need: keyof FigureData,
  s: TierSettings,
  tier: ReportTier,
  seed: number,
  progress: (f: number) => void = () => {},
  inputs: FigureInputs = {},
): Promise<Partial<FigureData>> {
  switch (need) {
    case 'phase':
      return { phase: await computePhaseGrid(s.phase, reportSeed(seed, 'phase'), progress) };
    case 'cosine':
      return { cosine: await computeCosineTrajectories(s.cosine, reportSeed(seed, 'cosine'), progress) };
    case 'sphere': {
      const sphere = await computeSphereTrajectories(s.sphere, reportSeed(seed, 'sphere'));
      progress(1);
      return { sphere };
    }
    case 'convergence': {
      let rs = inputs.results;
      if (!rs) {
        const { allClaims } = await import('../../specs/index.js');
        const claims = allClaims.filter((c) => CONVERGENCE_CLAIMS.includes(c.meta.id));
        rs = await runClaims(claims, referenceSimulator(), { tier: s.claimsTier, seed, onProgress: (i, f) => progress((i + f) / claims.length) });
      }
      return { convergence: convergenceData(rs) };
    }
    case 'noiseAblation':
      return { noiseAblation: computeNoiseAblation(s.noiseAblation, tier, reportSeed(seed, 'noise-ablation'), progress) };
    case 'nToken':
      return { nToken: loadNTokenData(inputs.nTokenResults ?? DEFAULT_N_TOKEN_RESULTS()) };
  }
}
