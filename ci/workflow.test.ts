/**
 * The reusable workflow for simulator authors (.github/workflows/dst-verify-simulator.yml): parsed as
 * YAML (by Python's yaml module, present wherever the example simulators run) and checked for what
 * GitHub requires of a `workflow_call` workflow: typed inputs, jobs with runs-on and steps, every
 * `${{ inputs.X }}` declared; and the shell recipe it calls exists and is executable.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageInfo } from '../src/util/version.js';

const root = packageInfo().root;
const file = join(root, '.github', 'workflows', 'dst-verify-simulator.yml');
const python = process.env.PYTHON ?? 'python3';
const hasYaml = spawnSync(python, ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;

describe.runIf(hasYaml)('the reusable workflow', () => {
  it('is a valid workflow_call workflow whose inputs are declared and typed', () => {
    const r = spawnSync(python, ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const wf = JSON.parse(r.stdout);
    // PyYAML reads the key `on` as true (YAML 1.1); GitHub reads it as "on".
    const on = wf.on ?? wf.true;
    const inputs = on.workflow_call.inputs as Record<string, { type: string; required?: boolean }>;
    for (const [name, spec] of Object.entries(inputs)) expect(['string', 'boolean', 'number'], name).toContain(spec.type);
    expect(inputs.sim.required).toBe(true);
    expect(Object.keys(inputs)).toEqual(expect.arrayContaining(['sim', 'tier', 'seed', 'fresh-seed', 'node-version']));
    for (const job of Object.values(wf.jobs) as { 'runs-on': string; steps: Record<string, unknown>[] }[]) {
      expect(typeof job['runs-on']).toBe('string');
      for (const step of job.steps) expect(('uses' in step) !== ('run' in step)).toBe(true);
    }
    const used = [...JSON.stringify(wf).matchAll(/inputs\.([\w-]+)/g)].map((m) => m[1]);
    for (const u of used) expect(Object.keys(inputs)).toContain(u);
    const uploads = wf.jobs.conform.steps.filter((s: { uses?: string }) => s.uses?.startsWith('actions/upload-artifact'));
    expect(uploads).toHaveLength(1);
    accessSync(join(root, 'ci', 'user-ci.sh'), constants.X_OK);
  });
});
