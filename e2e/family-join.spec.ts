/**
 * A geneticist's PLINK files whose sample IDs are numbered within families (F1 1, F1 2, F2 1, …): with a clinical
 * table that has no family column the join is refused, with the reason and a key picker; with the family column
 * every sample is joined to its own row on (FID, IID).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { TEST_DATA, dropFiles } from './helpers';

const GENOMIC = path.join(TEST_DATA, 'genomic');
const fixture = (name: string) => ({ name, content: readFileSync(path.join(GENOMIC, name)) });

/** cohort.fam with each family's samples renumbered 1, 2, 3 … (PLINK IIDs need only be unique in a family). */
function familyFam(): string[][] {
  const seen = new Map<string, number>();
  return readFileSync(path.join(GENOMIC, 'cohort.fam'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [fid, , ...rest] = line.trim().split(/\s+/);
      const k = (seen.get(fid) ?? 0) + 1;
      seen.set(fid, k);
      return [fid, String(k), ...rest];
    });
}

function files(clinical: string) {
  return [
    fixture('cohort.bed'),
    fixture('cohort.bim'),
    {
      name: 'cohort.fam',
      content:
        familyFam()
          .map((f) => f.join(' '))
          .join('\n') + '\n',
    },
    { name: 'clinical.csv', content: clinical },
  ];
}

/** Clinical rows in reverse order, each with its own family, sample and outcome. */
function clinical(withFamily: boolean): string {
  const rows = familyFam()
    .map(([fid, iid], i) => {
      const outcome = i % 2 === 0 ? 'responder' : 'non_responder';
      return withFamily ? `${fid},${iid},${outcome}` : `${iid},${outcome}`;
    })
    .reverse();
  return [withFamily ? 'FID,IID,response' : 'IID,response', ...rows].join('\n') + '\n';
}

test('IIDs numbered within families: refused without the family column, joined on (FID, IID) with it', async ({
  page,
}) => {
  await page.goto('/');
  await dropFiles(page, files(clinical(false)));
  await expect(page.getByRole('alert').filter({ hasText: 'is not unique' })).toBeVisible();
  const picker = page.getByRole('form', { name: 'Choose the join key' });
  await expect(picker).toBeVisible();
  await expect(picker.getByLabel(/Clinical column with the sample ID/)).toBeVisible();
  await expect(page.getByRole('group', { name: 'Files and sample join' })).toHaveCount(0);

  await dropFiles(page, files(clinical(true)));
  const join = page.getByRole('group', { name: 'Files and sample join' });
  await expect(join).toContainText('Joined by family and sample ID');
  await expect(join).toContainText(`${familyFam().length} patients joined`);
  // Every sample found its own row: nobody is left in one file only.
  await expect(join).not.toContainText('only in the genotype file');
  await expect(join).not.toContainText('only in the clinical table');
});
