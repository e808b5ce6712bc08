/** Runs the genoforest command line as a child process, as a user does (for the CLI tests). */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticCsv } from '../app/testData.ts';

/** The repository root, the CLI tests' working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The committed WDBC table (see testdata/). */
export const wdbc = path.resolve(repoRoot, 'testdata/breast_cancer_wdbc.csv');
/** The command that starts the CLI: node with tsx's loader. */
export const CLI_COMMAND = [process.execPath, '--import', 'tsx', 'src/cli/main.ts'];

/** What a finished run gave. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `node --import tsx src/cli/main.ts ...args` from the repository root. */
export function cli(...args: string[]): Promise<Run> {
  const [node, ...nodeArgs] = CLI_COMMAND;
  return new Promise((resolve) => {
    execFile(
      node,
      [...nodeArgs, ...args],
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GENOFOREST_DEBUG: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * The app's synthetic cohort of `rows` patients with a "family" column pairing consecutive patients, written to a new
 * temporary folder (the caller removes `dir`): the group-aware tests' cohort.
 */
export function familiesCohort(prefix: string, rows = 300): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'families.csv');
  const lines = syntheticCsv(rows).trim().split('\n');
  writeFileSync(
    file,
    [`${lines[0]},family`, ...lines.slice(1).map((l, i) => `${l},f${i >> 1}`)].join('\n') + '\n',
  );
  return { dir, file };
}
