/**
 * A progress bar on stderr when it is a terminal (cli-progress), silent otherwise so that piped
 * output and CI logs stay clean.
 */
import { createRequire } from 'node:module';

/** cli-progress, loaded on the first bar only (most runs are piped and never draw one). */
const load = (): typeof import('cli-progress') => createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');

export interface Progress {
  update(done: number, label?: string): void;
  stop(): void;
}

export function progressBar(total: number, label: string, enabled = process.stderr.isTTY === true): Progress {
  if (!enabled || total <= 0) return { update() {}, stop() {} };
  const cliProgress = load();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label.padEnd(12)} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted} | {label}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    update(done, l = '') {
      bar.update(done, { label: l });
    },
    stop() {
      bar.stop();
    },
  };
}
