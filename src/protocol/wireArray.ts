/**
 * Arrays on the wire (PROTOCOL.md "Arrays"): `{"dtype":"float64","shape":[…],"data":"<base64>"}`
 * with the data little-endian and row-major (C order). On input from a simulator, `float32` and
 * plain nested JSON lists are accepted too. Decoding checks the shape and that every number is
 * finite, and names the first offending index.
 *
 * @example
 * const w = encodeArray(new Float64Array([1, 0, 0, 1]), [2, 2]);
 * decodeArray('m', w, [2, 2]); // Float64Array [1, 0, 0, 1]
 * decodeArray('m', [[1, 0], [0, 1]], [2, 2]); // same
 */
import { endianness } from 'node:os';
import { ExternalSimulatorError, quote } from './errors.js';

export interface WireArray {
  dtype: 'float64' | 'float32';
  shape: number[];
  /** Base64 of the little-endian bytes, row-major. */
  data: string;
}

const LITTLE = endianness() === 'LE';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Encode `data` (row-major, length = product of `shape`) as a float64 wire array. */
export function encodeArray(data: Float64Array, shape: readonly number[]): WireArray {
  if (data.length !== product(shape)) throw new RangeError(`encodeArray: ${data.length} numbers for shape [${shape.join(', ')}]`);
  let bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!LITTLE) bytes = Buffer.from(bytes).swap64();
  return { dtype: 'float64', shape: [...shape], data: bytes.toString('base64') };
}

function bad(message: string): never {
  throw new ExternalSimulatorError('protocol', message);
}

/**
 * Decode a wire array or nested list named `name` that must have exactly `shape`; throws an
 * ExternalSimulatorError of kind 'protocol' naming the problem.
 */
export function decodeArray(name: string, value: unknown, shape: readonly number[]): Float64Array {
  const out = Array.isArray(value) ? flattenNested(name, value, shape) : decodeBinary(name, value, shape);
  for (let k = 0; k < out.length; k++) {
    if (!Number.isFinite(out[k])) {
      const e = new ExternalSimulatorError('protocol', `${name} contains ${out[k]} at index [${unravel(k, shape).join(', ')}]`);
      e.nonFiniteAnswer = true;
      throw e;
    }
  }
  return out;
}

function decodeBinary(name: string, value: unknown, shape: readonly number[]): Float64Array {
  if (value === null || typeof value !== 'object') {
    bad(`${name} must be an array object {dtype, shape, data} or a nested list, got ${value === null ? 'null' : typeof value}`);
  }
  const v = value as Record<string, unknown>;
  if (v.dtype !== 'float64' && v.dtype !== 'float32') bad(`${name}.dtype must be "float64" or "float32", got ${quote(String(v.dtype))}`);
  if (!Array.isArray(v.shape) || !v.shape.every((s) => Number.isInteger(s) && s >= 0)) bad(`${name}.shape must be a list of non-negative integers`);
  if (!sameShape(v.shape as number[], shape)) bad(`${name} has shape [${(v.shape as number[]).join(', ')}], expected [${shape.join(', ')}]`);
  if (typeof v.data !== 'string' || !BASE64.test(v.data)) bad(`${name}.data must be a base64 string`);
  const size = v.dtype === 'float64' ? 8 : 4;
  const bytes = Buffer.from(v.data, 'base64');
  const count = product(shape);
  if (bytes.length !== count * size) bad(`${name}.data holds ${bytes.length} bytes, expected ${count} × ${size} = ${count * size} for shape [${shape.join(', ')}]`);
  // Copy into an aligned buffer; swap on big-endian hosts.
  const aligned = Buffer.alloc(bytes.length);
  bytes.copy(aligned);
  if (!LITTLE) size === 8 ? aligned.swap64() : aligned.swap32();
  if (size === 8) return new Float64Array(aligned.buffer, aligned.byteOffset, count).slice();
  return Float64Array.from(new Float32Array(aligned.buffer, aligned.byteOffset, count));
}

function flattenNested(name: string, value: unknown[], shape: readonly number[]): Float64Array {
  const out = new Float64Array(product(shape));
  let k = 0;
  const path: number[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') bad(`${name}[${path.join('][')}] must be a number, got ${v === null ? 'null' : typeof v}`);
      out[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      const got = Array.isArray(v) ? `a list of length ${v.length}` : v === null ? 'null' : typeof v;
      const where = path.length ? `${name}[${path.join('][')}]` : name;
      bad(`${where} must be a list of length ${shape[depth]} (expected shape [${shape.join(', ')}]), got ${got}`);
    }
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      walk(v[i], depth + 1);
      path.pop();
    }
  };
  walk(value, 0);
  return out;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Multi-index of flat index k in a row-major array of the given shape. */
export function unravel(k: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = k % shape[i];
    k = Math.floor(k / shape[i]);
  }
  return idx;
}
