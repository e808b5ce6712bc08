/**
 * Crafted files on the command line end in one clear line on stderr and a non-zero exit, never a hang: a model file
 * whose trees share children (a DAG that made TreeSHAP run for days) and a damaged bgzipped VCF.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64ToTyped, typedToBase64 } from '../engine/forest/serialize';
import { syntheticCsv } from '../app/testData';
import { cli } from './testCli';

let dir = '';
const file = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genoforest-hostile-'));
  writeFileSync(file('cohort.csv'), syntheticCsv(120));
  writeFileSync(file('new.csv'), syntheticCsv(3, 5));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('crafted files on the command line', () => {
  it('a model whose split nodes both lead to the next node is refused when opened', async () => {
    const model = file('model.genoforest.json');
    const t = await cli(
      ...['train', file('cohort.csv'), '--target', 'response', '--trees', '5', '--threads', '1'],
      ...['--out', model],
    );
    expect(t.code, t.stderr).toBe(0);
    const json = JSON.parse(readFileSync(model, 'utf8')) as {
      model: { trees: { left: string; right?: string }[] };
    };
    const tree = json.model.trees[0];
    const n = base64ToTyped(tree.left, Int32Array, 'left').length;
    const chain = Int32Array.from({ length: n }, (_, j) => (j < n - 1 ? j + 1 : -1));
    tree.left = typedToBase64(chain);
    tree.right = typedToBase64(chain);
    writeFileSync(file('chain.genoforest.json'), JSON.stringify(json));
    const r = await cli('explain', file('chain.genoforest.json'), file('new.csv'), '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(
      /chain\.genoforest\.json: The model file is damaged: tree 0 node 0 has node 1 as both children\.$/,
    );
  });

  it('a bgzipped VCF with a damaged block is refused with the reason', async () => {
    const vcf = [
      '##fileformat=VCFv4.2',
      '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2',
      '1\t100\trs1\tA\tG\t.\tPASS\t.\tGT\t0/1\t1/1',
      '',
    ].join('\n');
    const gz = gzipSync(Buffer.from(vcf));
    // Flip a byte inside the deflated data: the member's CRC-32 no longer matches what it inflates to.
    gz[gz.length - 12] ^= 0xff;
    writeFileSync(file('damaged.vcf.gz'), gz);
    const r = await cli('evaluate', file('damaged.vcf.gz'), '--target', 'PHENOTYPE', '--json');
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/damaged\.vcf\.gz/);
    expect(r.stderr).toMatch(/CRC|damaged|corrupt|invalid/i);
  });
});
