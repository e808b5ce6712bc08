import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deriveSeed } from './rng';
import { treeImageStride } from './survivalKernel';
import { warmUpPerTreeCalls } from './warmUp';

const here = path.dirname(fileURLToPath(import.meta.url));
const url = (file: string): string => pathToFileURL(path.join(here, file)).href;

/**
 * V8's optimisation status (%GetOptimizationStatus, node --allow-natives-syntax) of the per-tree helpers in a fresh
 * process, after `warm` (warmUpPerTreeCalls) or after a warm-up's few hundred calls, once V8's concurrent compiles
 * are done: each status's bit 64 says the function runs code of the optimising compiler (TurboFan).
 */
function statusesAfter(warm: boolean): Record<string, number> {
  const script = `
    const { warmUpPerTreeCalls } = await import(${JSON.stringify(url('warmUp.ts'))});
    const { deriveSeed } = await import(${JSON.stringify(url('rng.ts'))});
    const { treeImageStride, treeImageBytes } = await import(${JSON.stringify(url('survivalKernel.ts'))});
    const status = new Function('f', 'return %GetOptimizationStatus(f)');
    if (${warm}) warmUpPerTreeCalls();
    else for (let i = 0; i < 400; i++) deriveSeed(i, i) + treeImageStride(i & 63, i & 255, 0);
    const fns = { deriveSeed, treeImageStride, treeImageBytes };
    let st = {};
    for (let k = 0; k < 200; k++) {
      st = Object.fromEntries(Object.entries(fns).map(([n, f]) => [n, status(f)]));
      if (Object.values(st).every((v) => v & 64)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    console.log(JSON.stringify(st));
  `;
  const out = execFileSync(
    process.execPath,
    ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

describe('warmUpPerTreeCalls', () => {
  it('calls each per-tree helper and the caller’s tick once a call, in order', () => {
    const ticks: number[] = [];
    const sum = warmUpPerTreeCalls((i) => ticks.push(i));
    expect(ticks.length).toBe(20000);
    expect(ticks.slice(0, 3)).toEqual([0, 1, 2]);
    let expected = 0;
    for (let i = 0; i < 20000; i++)
      expected += deriveSeed(i, i) + treeImageStride(i & 63, i & 255, i & 7);
    expect(sum).toBe(expected);
  });

  it('leaves them compiled by the optimising compiler, which a warm-up’s few hundred trees do not', () => {
    const warm = statusesAfter(true);
    const cold = statusesAfter(false);
    for (const name of ['deriveSeed', 'treeImageStride', 'treeImageBytes']) {
      expect(warm[name] & 64, `${name} after warmUpPerTreeCalls`).toBe(64);
      expect(cold[name] & 64, `${name} after 400 calls`).toBe(0);
    }
  }, 30_000);
});
