/** Alias of `dst-verify mc-grid` (src/cli/mcGrid.ts) with the same arguments, for docs and cluster scripts. */
import { mcGridMain } from '../src/cli/mcGrid.js';

process.exitCode = await mcGridMain(process.argv.slice(2));
