/** Every claim, in the order the claims table shows them. */
import type { Claim } from '../src/conformance/claim.js';

export const allClaims: Claim[] = [];
