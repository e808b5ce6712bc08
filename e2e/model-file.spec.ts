import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { trainModel } from './helpers';
import { JOURNEY_TREES, loadSample, predictTypical } from './device-helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const SAMPLE_CSV = readFileSync(path.resolve(here, '../public/sample-cohort.csv'));
const OTHER_SHAPE = readFileSync(path.join(here, 'fixtures/other-shape.json'));

/** Clicks "Save model" and returns the downloaded file's name and text. */
async function saveModel(page: Page): Promise<{ name: string; text: string }> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save model', exact: true }).click();
  const file = await download;
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

async function openModel(page: Page, name: string, content: string | Buffer) {
  await page.getByLabel('Open a saved model').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(content),
  });
}

/** Rewrites one float32 of a base64 little-endian array (as a tampered file would). */
function tamperFloat32(b64: string, index: number, value: number): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes.writeFloatLE(value, index * 4);
  return bytes.toString('base64');
}

test('a saved model opens again after a reload and predicts the same', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Save model', exact: true })).toBeDisabled();
  await loadSample(page);
  await trainModel(page, JOURNEY_TREES);
  const before = await predictTypical(page);

  const saved = await saveModel(page);
  expect(saved.name).toBe('sample-cohort.genoforest.json');
  const json = JSON.parse(saved.text);
  expect(json.format).toBe('genoforest-model');
  expect(json.version).toBe(3);
  expect(typeof json.savedAt).toBe('string');
  expect(json.info.nTrees).toBe(JOURNEY_TREES);
  expect(json.info.encoding.target).toBe('response');
  expect(json.model.trees).toHaveLength(JOURNEY_TREES);
  await expect(
    page
      .getByRole('region', { name: 'This device' })
      .getByText(`Saved the model as ${saved.name} in your downloads.`),
  ).toBeVisible();

  // A loaded cohort that is not remembered makes the page ask before a reload: leave, as a user who means it.
  page.once('dialog', (d) => void d.accept());
  await page.reload();
  await expect(page.getByRole('group', { name: 'Trained model' })).toHaveCount(0);
  await openModel(page, saved.name, saved.text);
  await expect(
    page
      .getByRole('region', { name: 'This device' })
      .getByText(`Opened ${saved.name}: ${JOURNEY_TREES} trees predicting “response”.`),
  ).toBeVisible();
  await expect(page.getByRole('group', { name: 'Trained model' })).toBeVisible();
  expect(await predictTypical(page)).toEqual(before);
});

test('a wrong model file is refused with a specific message and the current model stays', async ({
  page,
}) => {
  await page.goto('/');
  await loadSample(page);
  await trainModel(page, JOURNEY_TREES);
  const before = await predictTypical(page);
  const saved = await saveModel(page);
  const good = JSON.parse(saved.text);

  const future = { ...good, version: 4 };
  const tampered = structuredClone(good);
  tampered.model.trees[0].value = tamperFloat32(tampered.model.trees[0].value, 0, 7.5);
  const outOfRange = structuredClone(good);
  outOfRange.info.oobScore = 1.7;

  const cases: [string, string | Buffer, RegExp][] = [
    [
      'patients.json',
      SAMPLE_CSV,
      /This is not a GenoForest model file\. Open a \.genoforest\.json file saved with "Save model"\./,
    ],
    ['export.json', OTHER_SHAPE, /This is not a GenoForest model file\./],
    [
      'future.genoforest.json',
      JSON.stringify(future),
      /This model file is version 4; this app reads versions 1, 2 and 3\./,
    ],
    [
      'tampered.genoforest.json',
      JSON.stringify(tampered),
      /The model file is damaged: tree 0 node 0 has a class probability outside 0\.\.1\./,
    ],
    [
      'edited.genoforest.json',
      JSON.stringify(outOfRange),
      /The model file is damaged: info\.oobScore: /,
    ],
  ];
  for (const [name, content, message] of cases) {
    await openModel(page, name, content);
    const alert = page.getByRole('alert').filter({ hasText: `“${name}” could not be opened` });
    await expect(alert).toContainText(message);
    await expect(alert).toContainText('The current model is unchanged.');
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toHaveCount(0);
  }

  // The model in use is still the trained one: same summary, same predictions.
  await expect(page.getByRole('group', { name: 'Trained model' })).toContainText(
    String(JOURNEY_TREES),
  );
  expect(await predictTypical(page)).toEqual(before);
});
