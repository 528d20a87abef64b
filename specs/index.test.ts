/** The claim registry: every claim's `section` is an anchor that exists in docs/model.md. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allClaims } from './index.js';

const modelDoc = readFileSync(new URL('../docs/model.md', import.meta.url), 'utf8');

/** Anchors of a Markdown page: explicit `<a id="…">` and GitHub's heading slugs. */
function anchors(markdown: string): Set<string> {
  const ids = new Set([...markdown.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
  for (const m of markdown.matchAll(/^#{1,6}\s+(.+)$/gm)) {
    ids.add(m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-'));
  }
  return ids;
}

describe('claim sections', () => {
  const known = anchors(modelDoc);
  it('docs/model.md has anchors', () => expect(known.size).toBeGreaterThan(10));
  it.each(allClaims.map((c) => [c.meta.id, c.meta.section]))('%s cites an existing anchor (%s)', (_id, section) => {
    const m = /^docs\/model\.md#([\w-]+)$/.exec(section);
    expect(m, `section ${JSON.stringify(section)} is not docs/model.md#anchor`).not.toBeNull();
    expect(known.has(m![1])).toBe(true);
  });
  it('an anchor that is not there is reported', () => expect(anchors('# A b\n<a id="x"></a>').has('y')).toBe(false));
});
