/** The commands besides `simulate`, loaded lazily so that `--help` stays fast. */
import type { Command } from './args.js';
import { conformCommand } from './conform.js';

export async function commandRegistry(): Promise<Command[]> {
  const commands: Command[] = [];
  commands.push(conformCommand);
  return commands;
}
