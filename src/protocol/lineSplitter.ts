/**
 * Splits a byte stream into UTF-8 lines without quadratic copying (replies can be tens of MB),
 * and refuses lines longer than a limit so that a simulator printing endlessly without a newline
 * cannot exhaust memory.
 *
 * @example
 * const s = new LineSplitter(1 << 20);
 * s.push(Buffer.from('{"a":1}\n{"b"')); // ['{"a":1}']
 * s.push(Buffer.from(':2}\n'));        // ['{"b":2}']
 */
export class LineSplitter {
  private pieces: Buffer[] = [];
  private pending = 0;

  constructor(readonly maxLineBytes: number) {}

  /** Feed a chunk; returns the complete lines it finishes. Throws RangeError past the limit. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      const tail = chunk.subarray(start, nl);
      const bytes = this.pending ? Buffer.concat([...this.pieces, tail]) : tail;
      this.pieces = [];
      this.pending = 0;
      lines.push(bytes.toString('utf8').replace(/\r$/, ''));
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.pieces.push(chunk.subarray(start));
      this.pending += chunk.length - start;
      if (this.pending > this.maxLineBytes) {
        throw new RangeError(`a line longer than ${this.maxLineBytes} bytes without a newline`);
      }
    }
    return lines;
  }

  /** The incomplete last line, if any (for error messages). */
  partial(): string {
    return this.pending ? Buffer.concat(this.pieces).toString('utf8') : '';
  }
}
