/**
 * Stored form of a golden fixture: one JSON file per case with the configuration, the shape and
 * axis names of the output, the values and the SHA-256 of their Float64 bytes (little-endian).
 * JSON numbers round-trip doubles exactly, except −0, NaN and ±Infinity, stored as the strings
 * "-0", "NaN", "Infinity", "-Infinity".
 *
 * @example
 * const f = makeFixture(c, new Float64Array([0.5, -0])); // values: [0.5, "-0"], sha256: "…"
 * decodeValues(f.values); // Float64Array [0.5, -0]
 */
import { createHash } from 'node:crypto';

export type StoredValue = number | '-0' | 'NaN' | 'Infinity' | '-Infinity';

export interface GoldenFixture {
  id: string;
  description: string;
  /** The inputs of the run, as plain JSON (compared too: a changed case needs a deliberate update). */
  config: Record<string, unknown>;
  shape: number[];
  axes: string[];
  /** SHA-256 (hex) of the values as little-endian Float64 bytes. */
  sha256: string;
  values: StoredValue[];
}

export function sha256OfFloat64(values: Float64Array): string {
  const bytes = Buffer.alloc(values.length * 8);
  for (let i = 0; i < values.length; i++) bytes.writeDoubleLE(values[i], i * 8);
  return createHash('sha256').update(bytes).digest('hex');
}

export function encodeValue(x: number): StoredValue {
  if (Object.is(x, -0)) return '-0';
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return x;
}

export function decodeValues(values: readonly StoredValue[]): Float64Array {
  const out = new Float64Array(values.length);
  values.forEach((v, i) => {
    if (typeof v === 'number') out[i] = v;
    else if (v === '-0') out[i] = -0;
    else if (v === 'NaN') out[i] = NaN;
    else if (v === 'Infinity') out[i] = Infinity;
    else if (v === '-Infinity') out[i] = -Infinity;
    else throw new Error(`value ${i} is ${JSON.stringify(v)}: expected a number or "-0", "NaN", "Infinity", "-Infinity"`);
  });
  return out;
}

/** The 64 bits of a double in hex, e.g. "3ff0000000000000" for 1. */
export function float64Hex(x: number): string {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(x);
  return b.toString('hex');
}

/** Same double bit for bit (all NaNs count as equal; −0 ≠ 0). */
export function sameBits(a: number, b: number): boolean {
  return Object.is(a, b);
}

/** JSON text of a fixture: one value per line keeps the diffs of a deliberate update readable. */
export function fixtureJson(f: GoldenFixture): string {
  const head = JSON.stringify({ ...f, values: undefined }, null, 2).replace(/\n}$/, '');
  const values = f.values.map((v) => `    ${JSON.stringify(v)}`).join(',\n');
  return `${head},\n  "values": [\n${values}\n  ]\n}\n`;
}

export function makeFixture(
  c: { id: string; description: string; config: Record<string, unknown>; axes: string[] },
  output: { shape: number[]; values: Float64Array },
): GoldenFixture {
  return {
    id: c.id,
    description: c.description,
    config: c.config,
    shape: output.shape,
    axes: c.axes,
    sha256: sha256OfFloat64(output.values),
    values: Array.from(output.values, encodeValue),
  };
}
