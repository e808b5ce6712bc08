/**
 * The CLI's output piped to a reader that stops early (`genoforest … | head -1`): it exits quietly with code 0,
 * no EPIPE stack trace. Real child processes and real pipes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_COMMAND, cli, repoRoot, wdbc } from './testCli';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genoforest-pipes-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A shell word, quoted. */
const quote = (word: string): string => `'${word.replace(/'/g, `'\\''`)}'`;

/** Runs `command` in bash with pipefail (so the CLI's own exit status counts); resolves its code and output. */
function pipeline(
  command: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `set -o pipefail; ${command}`], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('output to a reader that stops early', () => {
  it('evaluate --json into a pipe closed before anything is written: exit 0, nothing on stderr', async () => {
    const [node, ...nodeArgs] = CLI_COMMAND;
    const args = ['evaluate', wdbc, '--target', 'diagnosis', '--folds', '2', '--trees', '5'];
    const child = spawn(node, [...nodeArgs, ...args, '--threads', '1', '--json'], {
      cwd: repoRoot,
      env: { ...process.env, GENOFOREST_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Close our end of its stdout at once: every write it makes will fail with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('predict of many patients | head -1: the header line, exit 0, no stack trace', async () => {
    const model = path.join(dir, 'model.genoforest.json');
    const trained = await cli(
      'train',
      wdbc,
      '--target',
      'diagnosis',
      '--out',
      model,
      '--trees',
      '10',
      '--threads',
      '1',
    );
    expect(trained.code, trained.stderr).toBe(0);
    // Far more output than a pipe holds (about 3 MB), so the CLI is still writing when head exits.
    const lines = ['x1,x2,mean radius,mean texture'];
    for (let r = 0; r < 30_000; r++) lines.push(`${r},${r % 7},${10 + (r % 13)},${15 + (r % 11)}`);
    const patients = path.join(dir, 'patients.csv');
    writeFileSync(patients, lines.join('\n') + '\n');
    const command = [...CLI_COMMAND, 'predict', model, patients].map(quote).join(' ');
    const piped = await pipeline(`${command} 2>${quote(path.join(dir, 'err.txt'))} | head -1`);
    expect(piped.code).toBe(0);
    expect(piped.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(piped.stdout).toMatch(/^x1,predicted,P\(benign\),P\(malignant\),/);
    const errors = (await import('node:fs')).readFileSync(path.join(dir, 'err.txt'), 'utf8');
    expect(errors).not.toMatch(/EPIPE|^\s+at /m);
  });
});
