/**
 * What a dst-verify command is (its flags are declared for the shared parser in src/util/args.ts)
 * and how commands write large outputs.
 */
import { formatHelp, parseArgs, type FlagSpecs, type FlagValues, type PositionalSpec } from '../util/args.js';

export { UsageError } from '../util/errors.js';

export interface Command<S extends FlagSpecs = FlagSpecs> {
  name: string;
  summary: string;
  /** Usage line(s) after "dst-verify". */
  usage: string;
  options: S;
  positionals?: PositionalSpec;
  examples?: string[];
  run(values: FlagValues<S>, positionals: string[]): Promise<number>;
}

/** A command with its flag types checked against its declarations. */
export function defineCommand<S extends FlagSpecs>(cmd: Command<S>): Command {
  return cmd as unknown as Command;
}

/** The parser's view of a command: `dst-verify <name>` with its flags. */
export function commandProgram(cmd: Command) {
  return { name: `dst-verify ${cmd.name}`, summary: cmd.summary, usage: `dst-verify ${cmd.usage}`, flags: cmd.options, positionals: cmd.positionals, examples: cmd.examples };
}

/** Parse `argv` for `cmd` and run it (what `dst-verify <name> …` does; tests call it directly). */
export async function invoke(cmd: Command, argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(commandProgram(cmd), argv);
  if (parsed.help) {
    process.stdout.write(formatHelp(commandProgram(cmd)) + '\n');
    return 0;
  }
  return cmd.run(parsed.values, parsed.positionals);
}

/** Write to stdout honouring back-pressure for large outputs. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text.endsWith('\n') ? text : text + '\n')) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}
