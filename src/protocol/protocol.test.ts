/** Encoding and decoding of protocol messages, command-line splitting and line splitting. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../util/errors.js';
import { splitCommandLine } from './commandLine.js';
import { ExternalSimulatorError } from './errors.js';
import { LineSplitter } from './lineSplitter.js';
import { decodeChainResult, parseHello, parseReplyLine, requestNeeds, runChainMessage, type Reply } from './protocol.js';
import { chainRequest } from './testing.js';
import { decodeArray, encodeArray, unravel } from './wireArray.js';

const protocolError = (f: () => unknown, pattern: RegExp) => {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ExternalSimulatorError);
  expect((err as ExternalSimulatorError).message).toMatch(pattern);
};

describe('wire arrays', () => {
  it('round-trips float64 exactly through base64 and through JSON text', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 0, maxLength: 60 }), (xs) => {
        const a = Float64Array.from(xs);
        const w = encodeArray(a, [a.length]);
        expect(decodeArray('x', JSON.parse(JSON.stringify(w)), [a.length])).toEqual(a);
      }),
    );
  });

  it('is little-endian, row-major', () => {
    const w = encodeArray(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    const bytes = Buffer.from(w.data, 'base64');
    expect(bytes.readDoubleLE(8 * 4)).toBe(5); // [1][1]
    expect(w).toMatchObject({ dtype: 'float64', shape: [2, 3] });
  });

  it('accepts float32 data and nested lists', () => {
    const f32 = Buffer.from(new Float32Array([0.5, -1.25, 3]).buffer).toString('base64');
    expect(Array.from(decodeArray('x', { dtype: 'float32', shape: [3], data: f32 }, [3]))).toEqual([0.5, -1.25, 3]);
    expect(Array.from(decodeArray('x', [[1, 2], [3, 4]], [2, 2]))).toEqual([1, 2, 3, 4]);
    expect(decodeArray('x', [], [0]).length).toBe(0);
  });

  it('rejects wrong shapes, byte counts, dtypes, bad base64 and non-finite numbers', () => {
    const w = encodeArray(new Float64Array(6), [2, 3]);
    protocolError(() => decodeArray('t', w, [3, 2]), /t has shape \[2, 3\], expected \[3, 2\]/);
    protocolError(() => decodeArray('t', { ...w, data: w.data.slice(0, 8) }, [2, 3]), /t\.data holds 6 bytes, expected 6 × 8 = 48/);
    protocolError(() => decodeArray('t', { ...w, dtype: 'int32' }, [2, 3]), /dtype must be "float64" or "float32"/);
    protocolError(() => decodeArray('t', { ...w, data: '!!' }, [2, 3]), /base64/);
    protocolError(() => decodeArray('t', [[1, 2], [3]], [2, 2]), /t\[1\] must be a list of length 2 .* got a list of length 1/);
    protocolError(() => decodeArray('t', [[1, '2']], [1, 2]), /t\[0\]\[1\] must be a number, got string/);
    protocolError(() => decodeArray('t', null, [1]), /got null/);
    protocolError(() => decodeArray('t', encodeArray(new Float64Array([0, 0, Infinity, 0]), [2, 2]), [2, 2]), /t contains Infinity at index \[1, 0\]/);
    expect(unravel(23, [2, 3, 4])).toEqual([1, 2, 3]);
  });
});

describe('messages', () => {
  it('run_chain carries every parameter, arrays decoded to the request values', () => {
    const req = chainRequest({ n: 2, d: 3, depth: 4, paths: 2, law: 'uniform', gamma: 0.5, increments: true, snapshotStride: 2, query: new Float64Array(9).fill(0.5) });
    const msg = JSON.parse(JSON.stringify(runChainMessage(7, req, 'unit')));
    expect(msg).toMatchObject({ type: 'run_chain', id: 7, params: { n: 2, d: 3, depth: 4, horizon: 1, beta: 1, sigma: 1, gamma: 0.5, law: 'uniform', seed: 1, paths: 2, key: null, value_matrix: null, snapshot_stride: 2 } });
    expect(decodeArray('i', msg.params.initial_tokens, [2, 3])).toEqual(req.initialTokens);
    expect(decodeArray('w', msg.params.increments, [2, 4, 3, 3])).toEqual(req.increments);
    expect(decodeArray('q', msg.params.query, [3, 3])).toEqual(req.query);
    expect(requestNeeds(req).sort()).toEqual(['explicit-noise', 'law:uniform', 'matrices', 'snapshots']);
  });

  it('RMS sphere: tokens ×√d and β/d out, results ÷√d back', () => {
    const req = chainRequest({ n: 2, d: 4, depth: 3, paths: 1, beta: 2 });
    const msg = runChainMessage(1, req, 'rms');
    expect(msg.params.beta).toBe(0.5);
    expect(Array.from(decodeArray('i', msg.params.initial_tokens, [2, 4]))).toEqual(Array.from(req.initialTokens).map((x) => x * 2));
    const reply: Reply = { type: 'result', id: 1, final_tokens: [[[2, 0, 0, 0], [0, 0, 0, -2]]] };
    expect(Array.from(decodeChainResult(reply, req, 'rms').finalTokens)).toEqual([1, 0, 0, 0, 0, 0, 0, -1]);
  });

  it('a reply in float32 arrays is marked float32 (at least that coarse), float64 and lists are not', () => {
    const req = chainRequest({ n: 1, d: 2, depth: 1, paths: 1 });
    const f32 = Buffer.from(new Float32Array([1, 0]).buffer).toString('base64');
    expect(decodeChainResult({ type: 'result', id: 1, final_tokens: { dtype: 'float32', shape: [1, 1, 2], data: f32 } }, req, 'unit').precision).toBe('float32');
    expect(decodeChainResult({ type: 'result', id: 1, final_tokens: encodeArray(new Float64Array([1, 0]), [1, 1, 2]) }, req, 'unit').precision).toBeUndefined();
    expect(decodeChainResult({ type: 'result', id: 1, final_tokens: [[[1, 0]]] }, req, 'unit').precision).toBeUndefined();
  });

  it('result: snapshots required when requested, with shape paths × layers × n × d', () => {
    const req = chainRequest({ n: 1, d: 2, depth: 5, paths: 1, snapshotStride: 2 });
    const tokens = [[[1, 0]]];
    protocolError(() => decodeChainResult({ type: 'result', id: 1, final_tokens: tokens }, req, 'unit'), /no snapshots/);
    const snaps = [[0, 2, 4, 5].map(() => [[0, 1]])];
    expect(decodeChainResult({ type: 'result', id: 1, final_tokens: tokens, snapshots: snaps }, req, 'unit').snapshots!.length).toBe(8);
  });

  it('parses replies and names what is wrong with bad lines', () => {
    expect(parseReplyLine('{"type":"bye","id":3}')).toEqual({ type: 'bye', id: 3 });
    protocolError(() => parseReplyLine('Epoch 1/10'), /not JSON: "Epoch 1\/10"/);
    protocolError(() => parseReplyLine('{"type":"result","id":1,"final_tokens":[NaN]}'), /NaN or Infinity/);
    protocolError(() => parseReplyLine('[1,2]'), /not a JSON object/);
    protocolError(() => parseReplyLine('{"type":"answer","id":1}'), /type "answer"; expected one of hello, result/);
    protocolError(() => parseReplyLine('{"type":"result","id":"1"}'), /id "\\"1\\""; expected the integer id/);
  });

  it('checks the hello', () => {
    const hello = { type: 'hello', id: 0, protocol: 1, simulator: { name: 's', version: '1' }, sphere: 'rms', capabilities: ['snapshots', 'gpu', 'snapshots'] } as Reply;
    expect(parseHello(hello)).toEqual({ name: 's', version: '1', sphere: 'rms', precision: 'float64', capabilities: ['snapshots'], unknownCapabilities: ['gpu'] });
    expect(parseHello({ ...hello, precision: 'float32' }).precision).toBe('float32');
    protocolError(() => parseHello({ ...hello, precision: 'float16' }), /precision must be "float32" or "float64", got .*float16/);
    protocolError(() => parseHello({ ...hello, protocol: 2 }), /protocol version 2, dst-verify speaks version 1/);
    protocolError(() => parseHello({ ...hello, protocol: undefined }), /protocol version undefined/);
    protocolError(() => parseHello({ ...hello, sphere: 'ball' }), /sphere must be "unit" or "rms"/);
    protocolError(() => parseHello({ ...hello, simulator: { name: 's' } }), /simulator: \{name, version\}/);
    protocolError(() => parseHello({ type: 'error', id: 0, message: 'no' }), /answered hello with an error: no/);
  });
});

describe('splitCommandLine', () => {
  it('splits words and respects quotes and escapes', () => {
    expect(splitCommandLine('python3 fixtures/python/dst_sim.py')).toEqual(['python3', 'fixtures/python/dst_sim.py']);
    expect(splitCommandLine(`  python3  "my sim.py" --name 'a b' x\\ y ""  `)).toEqual(['python3', 'my sim.py', '--name', 'a b', 'x y', '']);
    expect(splitCommandLine(`julia -e "println(\\"hi\\")" 'it''s'`)).toEqual(['julia', '-e', 'println("hi")', 'its']);
    expect(splitCommandLine(`a "x|y" 'p>q'`)).toEqual(['a', 'x|y', 'p>q']);
  });

  it('rejects what needs a shell, and empty or unterminated input', () => {
    expect(() => splitCommandLine('python3 sim.py | tee log')).toThrow(UsageError);
    expect(() => splitCommandLine('python3 sim.py > log')).toThrow(/shell operator ">"/);
    expect(() => splitCommandLine('  ')).toThrow(/empty command line/);
    expect(() => splitCommandLine(`python3 'sim.py`)).toThrow(/unterminated ' quote/);
    expect(() => splitCommandLine(`python3 "sim.py`)).toThrow(/unterminated " quote/);
  });
});

describe('LineSplitter', () => {
  it('joins lines split across chunks, strips CR', () => {
    const s = new LineSplitter(100);
    expect(s.push(Buffer.from('{"a":'))).toEqual([]);
    expect(s.partial()).toBe('{"a":');
    expect(s.push(Buffer.from('1}\r\n{"b":2}\n{'))).toEqual(['{"a":1}', '{"b":2}']);
    expect(s.push(Buffer.from('}\n'))).toEqual(['{}']);
    expect(s.partial()).toBe('');
  });

  it('keeps multi-byte characters split across chunks intact', () => {
    const s = new LineSplitter(100);
    const bytes = Buffer.from('"σ√"\n');
    expect([...s.push(bytes.subarray(0, 2)), ...s.push(bytes.subarray(2))]).toEqual(['"σ√"']);
  });

  it('refuses a line past the limit', () => {
    const s = new LineSplitter(10);
    expect(() => s.push(Buffer.from('x'.repeat(11)))).toThrow(/longer than 10 bytes/);
  });
});
