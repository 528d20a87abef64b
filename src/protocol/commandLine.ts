/**
 * Split a `--sim` command line into argv the way a POSIX shell would for plain words, without
 * running a shell: the simulator is spawned directly, so a timeout kills the real process and not
 * a shell in front of it.
 *
 * Rules: whitespace separates words; '…' is literal; "…" is literal except \" \\ \$ \` which
 * drop the backslash; outside quotes a backslash escapes the next character. No globbing,
 * variables or operators: an unquoted | & ; < > ( ) is rejected with a hint to use a script.
 *
 * @example
 * splitCommandLine(`python3 "my sim.py" --fault 'noise-scaled-by-h'`);
 * // ['python3', 'my sim.py', '--fault', 'noise-scaled-by-h']
 */
import { UsageError } from '../util/errors.js';

const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')']);

export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new UsageError(`--sim: unterminated ' quote in ${JSON.stringify(line)}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new UsageError(`--sim: unterminated " quote in ${JSON.stringify(line)}`);
        const q = line[i];
        if (q === '"') break;
        if (q === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) {
          word += line[i + 1];
          i += 2;
        } else {
          word += q;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new UsageError(`--sim: trailing backslash in ${JSON.stringify(line)}`);
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else if (OPERATORS.has(c)) {
      throw new UsageError(
        `--sim: shell operator ${JSON.stringify(c)} is not supported (the command runs without a shell); quote it, or put the pipeline in a script that ends with exec`,
      );
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new UsageError('--sim: empty command line; e.g. --sim "python3 fixtures/python/dst_sim.py"');
  return words;
}

/** One word quoted for a POSIX shell and for splitCommandLine alike (plain words stay bare). */
export function quoteWord(word: string): string {
  if (/^[A-Za-z0-9_./=:,+@%^-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The inverse of splitCommandLine: a command line that splits back into exactly `argv`. */
export function joinCommandLine(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}
