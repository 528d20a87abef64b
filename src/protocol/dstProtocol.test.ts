/**
 * fixtures/python/dst_protocol.py, the helper a Python simulator calls: driven over stdin/stdout
 * with raw protocol lines, on the Python first on PATH and on Debian's /usr/bin/python3 (numpy
 * only) when that one has numpy.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fixture } from './testing.js';

/** A simulator written with the helper: float32 tokens, a Skip, an exception and a stray print. */
const SIM = `
import sys
sys.path.insert(0, ${JSON.stringify(fixture('python'))})
import numpy as np
from dst_protocol import serve, Skip

def run_chain(p):
    print("a banner on stdout")
    if p["paths"] == 2:
        raise Skip("too\\nbig")
    if p["paths"] == 3:
        raise ValueError("bad\\nthing")
    x = np.tile(p["initial_tokens"], (p["paths"], 1, 1)).astype(np.float32)
    return {"final_tokens": x}

serve(run_chain, name="helper-test", capabilities=["snapshots"], precision="float32")
`;

function request(id: number, paths: number): string {
  const tokens = { dtype: 'float64', shape: [2, 2], data: Buffer.from(new Float64Array([1, 0, 0.6, 0.8]).buffer).toString('base64') };
  const params = { n: 2, d: 2, depth: 1, horizon: 1, beta: 1, sigma: 1, gamma: 0, law: 'gaussian', seed: 1, paths, initial_tokens: tokens, query: null, key: null, value_matrix: null, increments: null, snapshot_stride: null };
  return JSON.stringify({ type: 'run_chain', id, params });
}

function converse(python: string): { replies: Record<string, unknown>[]; stderr: string; status: number | null } {
  const input = [
    JSON.stringify({ type: 'hello', id: 0, protocol: 1, client: { name: 'dst-verify', version: '0' } }),
    '',
    request(1, 1),
    request(2, 2),
    request(3, 3),
    JSON.stringify({ type: 'frobnicate', id: 4 }),
    JSON.stringify({ type: 'shutdown', id: 5 }),
    '',
  ].join('\n');
  const r = spawnSync(python, ['-c', SIM], { input, encoding: 'utf8' });
  return { replies: r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>), stderr: r.stderr, status: r.status };
}

const hasNumpy = (python: string) => spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
const pythons = [process.env.PYTHON ?? 'python3', '/usr/bin/python3'].filter((p, i, all) => all.indexOf(p) === i);

describe.each(pythons)('dst_protocol.serve on %s', (python) => {
  it.skipIf(!hasNumpy(python))('answers hello, results, skips, errors and shutdown, keeping stdout for replies', () => {
    const { replies, stderr, status } = converse(python);
    expect(status).toBe(0);
    expect(replies.map((r) => [r.type, r.id])).toEqual([['hello', 0], ['result', 1], ['skipped', 2], ['error', 3], ['error', 4], ['bye', 5]]);
    expect(replies[0]).toMatchObject({ protocol: 1, simulator: { name: 'helper-test', version: '1.0.0' }, sphere: 'unit', capabilities: ['snapshots'], precision: 'float32' });
    const tokens = replies[1].final_tokens as { dtype: string; shape: number[]; data: string };
    expect(tokens.dtype).toBe('float32');
    expect(tokens.shape).toEqual([1, 2, 2]);
    const bytes = Buffer.from(tokens.data, 'base64');
    expect([...new Float32Array(bytes.buffer, bytes.byteOffset, 4)]).toEqual([...new Float32Array([1, 0, 0.6, 0.8])]);
    expect(replies[2].reason).toBe('too big');
    expect(replies[3].message).toBe('ValueError: bad thing');
    expect(replies[4].message).toMatch(/unknown request type 'frobnicate'/);
    expect(stderr).toContain('a banner on stdout');
  });
});
