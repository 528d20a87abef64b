/**
 * The published JSON Schemas (schemas/) agree with the implementation: the requests we build and
 * the replies of the Python simulators validate, and malformed messages do not. A small validator
 * for the keywords the schemas use keeps this free of dependencies.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageInfo } from '../util/version.js';
import { helloMessage, runChainMessage } from './protocol.js';
import { chainRequest, fixture } from './testing.js';

type Schema = Record<string, unknown>;
const dir = join(packageInfo().root, 'schemas');
const docs: Record<string, Schema> = {};
for (const f of ['array', 'request', 'reply']) docs[`${f}.schema.json`] = JSON.parse(readFileSync(join(dir, `${f}.schema.json`), 'utf8'));

/** Errors of `value` against `schema` (in document `doc`); empty when valid. */
function validate(value: unknown, schema: Schema, doc: string, path = '$'): string[] {
  if (schema.$ref) {
    const [file, pointer] = String(schema.$ref).split('#');
    const target = file || doc;
    let s: unknown = docs[target];
    for (const part of (pointer ?? '').split('/').filter(Boolean)) s = (s as Schema)[part];
    return validate(value, s as Schema, target, path);
  }
  const errs: string[] = [];
  const t = schema.type as string | undefined;
  const is: Record<string, (v: unknown) => boolean> = {
    object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    array: Array.isArray,
    string: (v) => typeof v === 'string',
    number: (v) => typeof v === 'number',
    integer: (v) => Number.isInteger(v),
    null: (v) => v === null,
  };
  if (t && !is[t](value)) return [`${path}: not ${t}`];
  if ('const' in schema && value !== schema.const) errs.push(`${path}: not ${JSON.stringify(schema.const)}`);
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) errs.push(`${path}: not in enum`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < (schema.minimum as number)) errs.push(`${path}: below minimum`);
    if (schema.maximum !== undefined && value > (schema.maximum as number)) errs.push(`${path}: above maximum`);
    if (schema.exclusiveMinimum !== undefined && value <= (schema.exclusiveMinimum as number)) errs.push(`${path}: not above exclusiveMinimum`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < (schema.minLength as number)) errs.push(`${path}: too short`);
    if (schema.pattern && !new RegExp(schema.pattern as string).test(value)) errs.push(`${path}: pattern`);
  }
  if (is.object(value)) {
    for (const k of (schema.required as string[]) ?? []) if (!(k in (value as Schema))) errs.push(`${path}: missing ${k}`);
    for (const [k, s] of Object.entries((schema.properties as Record<string, Schema>) ?? {})) {
      if (k in (value as Schema)) errs.push(...validate((value as Schema)[k], s, doc, `${path}.${k}`));
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => errs.push(...validate(v, schema.items as Schema, doc, `${path}[${i}]`)));
  if (schema.oneOf) {
    const ok = (schema.oneOf as Schema[]).filter((s) => validate(value, s, doc, path).length === 0).length;
    if (ok !== 1) errs.push(`${path}: matches ${ok} of oneOf`);
  }
  if (schema.anyOf && !(schema.anyOf as Schema[]).some((s) => validate(value, s, doc, path).length === 0)) errs.push(`${path}: matches no anyOf`);
  return errs;
}

const request = (m: unknown) => validate(JSON.parse(JSON.stringify(m)), docs['request.schema.json'], 'request.schema.json');
const reply = (m: unknown) => validate(m, docs['reply.schema.json'], 'reply.schema.json');

describe('JSON Schemas', () => {
  it('requests built by dst-verify validate', () => {
    expect(request(helloMessage(0, { name: 'dst-verify', version: '0.1.0' }))).toEqual([]);
    expect(request({ type: 'shutdown', id: 9 })).toEqual([]);
    const full = chainRequest({ n: 2, d: 3, depth: 3, paths: 2, increments: true, snapshotStride: 2, query: new Float64Array(9), law: 'rademacher' });
    expect(request(runChainMessage(1, full, 'unit'))).toEqual([]);
    expect(request(runChainMessage(2, chainRequest(), 'rms'))).toEqual([]);
  });

  it('malformed messages do not validate', () => {
    expect(request({ type: 'run_chain', id: 1, params: {} })).not.toEqual([]);
    expect(reply({ type: 'hello', id: 0, protocol: 2, simulator: { name: 'x', version: '1' }, sphere: 'unit', capabilities: [] })).not.toEqual([]);
    expect(reply({ type: 'result', id: 1, final_tokens: { dtype: 'int8', shape: [1], data: 'AA==' } })).not.toEqual([]);
    expect(reply({ type: 'result', id: 1, final_tokens: [[1, 'x']] })).not.toEqual([]);
    expect(reply({ type: 'result', id: '1', final_tokens: [] })).not.toEqual([]);
  });

  it.each([['dst_sim.py'], ['minimal_sim.py']])('every reply of fixtures/python/%s validates', (file) => {
    const req = runChainMessage(1, chainRequest({ n: 2, d: 3, depth: 4, paths: 2, snapshotStride: file === 'dst_sim.py' ? 2 : null }), 'unit');
    const input = [helloMessage(0, { name: 'dst-verify', version: '0' }), req, { type: 'run_chain', id: 2, params: { ...req.params, initial_tokens: [[0, 0, 0], [0, 0, 0]] } }, { type: 'shutdown', id: 3 }];
    const out = execFileSync(process.env.PYTHON ?? 'python3', [fixture('python', file)], { input: input.map((m) => JSON.stringify(m)).join('\n') + '\n', timeout: 20_000 });
    const lines = out.toString().trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['hello', 'result', 'error', 'bye']);
    for (const l of lines) expect(reply(l)).toEqual([]);
  });
});
