/** The commands besides `simulate`, in the order `--help` lists them. */
import type { Command } from './args.js';
import { conformCommand } from './conform.js';
import { theoryCommand } from './theory.js';
import { verifyCommand } from './verify.js';
import { reportCommand } from './report.js';
import { plotCommand } from './plot.js';
import { experimentCommand } from './experiment.js';

export async function commandRegistry(): Promise<Command[]> {
  return [verifyCommand, theoryCommand, conformCommand, reportCommand, plotCommand, experimentCommand];
}
