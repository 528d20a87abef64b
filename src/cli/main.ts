#!/usr/bin/env node
/**
 * dst-verify: executable evidence for "Clustering in Deep Stochastic Transformers".
 * User mistakes (bad flags, bad configurations) print one line and exit with status 2; failed
 * claims exit with status 1; anything else is a bug and shows its stack.
 */
import { formatHelp, reportError } from '../util/args.js';
import { UsageError } from '../util/errors.js';
import { packageInfo } from '../util/version.js';
import { commandProgram, invoke, type Command } from './args.js';
import { simulateCommand } from './simulate.js';
import { commandRegistry } from './registry.js';

function mainHelp(commands: Command[]): string {
  const w = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `dst-verify ${packageInfo().version} — check the claims of "Clustering in Deep Stochastic Transformers"`,
    '(arXiv:2601.21942) against a simulator: ours, or yours.',
    '',
    'Usage: dst-verify <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(w)}${c.summary}`),
    `  ${'mc-grid'.padEnd(w)}Monte Carlo confidence bounds over a grid of cells (own subcommands: run, merge)`,
    '',
    'Start here:  dst-verify verify        (every claim, quick tier, against the reference simulator)',
    'Help:        dst-verify <command> --help',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const commands = [simulateCommand, ...(await commandRegistry())];
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write((target ? formatHelp(commandProgram(target)) : mainHelp(commands)) + '\n');
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(packageInfo().version + '\n');
    return 0;
  }
  // mc-grid has subcommands with their own flags: it parses its own arguments.
  if (name === 'mc-grid') return (await import('./mcGrid.js')).mcGridMain(rest);
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) throw new UsageError(`unknown command ${JSON.stringify(name)}; commands: ${commands.map((c) => c.name).join(', ')} (see: dst-verify --help)`);
  return invoke(cmd, rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = reportError('dst-verify', e);
  },
);
