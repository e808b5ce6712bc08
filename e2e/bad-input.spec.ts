/**
 * A corpus of hostile and broken files, one test each. Every test starts from a working session — a good
 * table loaded, column choices made, a model trained, a patient being entered — then loads the bad file and
 * checks three things: the message names the problem, the app keeps working, and nothing entered is lost.
 * Files are generated here (small, seeded), not committed.
 */
import { expect, test, type Page } from '@playwright/test';
import { chooseFile, dropFile, modelFact, patientForm, schemaRow } from './helpers';

/** A seeded generator, so every run writes the same files. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Rows of a small cohort: age, sex, marker, snp and a yes/no response that depends on them. */
function cohortRows(n: number, seed = 1): string[][] {
  const rand = lcg(seed);
  const rows: string[][] = [];
  for (let r = 0; r < n; r++) {
    const age = 30 + Math.floor(rand() * 50);
    const marker = (rand() * 10).toFixed(1);
    const snp = Math.floor(rand() * 3);
    const response = Number(marker) + snp * 2 + rand() * 3 > 7 ? 'yes' : 'no';
    rows.push([String(age), rand() < 0.5 ? 'F' : 'M', marker, String(snp), response]);
  }
  return rows;
}

const COLUMNS = ['age', 'sex', 'marker', 'snp', 'response'];
const csv = (header: string[], rows: string[][], sep = ',', eol = '\n') =>
  [header, ...rows].map((r) => r.join(sep)).join(eol) + eol;

const GOOD_FILE = 'good-cohort.csv';
const GOOD = csv(
  ['patient_id', ...COLUMNS],
  cohortRows(40).map((r, i) => [`P${String(i + 1).padStart(3, '0')}`, ...r]),
);

const issues = (page: Page) => page.getByRole('group', { name: 'Problems found while reading' });
const loadedFile = (page: Page) => page.locator('dl[aria-label="Loaded table"]');
const loadError = (page: Page) =>
  page.getByRole('alert').filter({ hasText: 'The file could not be loaded' });

/**
 * The working session every case starts from: the good table with two column choices (marker read as
 * categorical, snp left out), 5 trees, a trained model and a half-entered patient (age 61).
 */
async function startSession(page: Page) {
  await page.goto('/');
  await chooseFile(page, GOOD_FILE, GOOD);
  await expect(page.getByText('40 rows × 6 columns')).toBeVisible();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  await schemaRow(page, 'marker')
    .getByRole('combobox', { name: 'Type' })
    .selectOption('categorical');
  await schemaRow(page, 'snp').getByRole('checkbox', { name: 'Use' }).uncheck();
  await page.getByLabel('Number of trees').fill('5');
  // As a person would, read the tuning plan for the trees just typed before pressing Train.
  await expect(page.getByText(/then the 5 of the forest/)).toBeVisible();
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByRole('group', { name: 'Trained model' })).toBeVisible();
  await patientForm(page).getByLabel('age', { exact: true }).fill('61');
}

/** What the user entered is all still there: settings, the model and the patient being entered. */
async function expectEntriesKept(page: Page, trees = '5') {
  await expect(page.getByLabel('Number of trees')).toHaveValue(trees);
  await expect(page.getByRole('group', { name: 'Trained model' })).toBeVisible();
  await expect(patientForm(page).getByLabel('age', { exact: true })).toHaveValue('61');
}

/** After a rejected file: the good table and every choice made on it are still in use. */
async function expectGoodTableKept(page: Page) {
  await expect(loadedFile(page)).toContainText(GOOD_FILE);
  await expect(page.getByText('40 rows × 6 columns')).toBeVisible();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  await expect(schemaRow(page, 'marker').getByRole('combobox', { name: 'Type' })).toHaveValue(
    'categorical',
  );
  await expect(schemaRow(page, 'snp').getByRole('checkbox', { name: 'Use' })).not.toBeChecked();
  await expect(loadError(page)).toContainText(
    `The table loaded before, ${GOOD_FILE}, is still in use.`,
  );
  await expectEntriesKept(page);
  // And the app still works: training again, with 6 trees this time, gives a new model.
  await page.getByLabel('Number of trees').fill('6');
  await page.getByRole('button', { name: 'Train model again' }).click();
  await expect(modelFact(page, 'Trees')).toHaveText('6');
}

/** Trains on the table just loaded; the model summary then no longer says it was trained on another file. */
async function trainOnNewTable(page: Page, fileName: string) {
  const model = page.getByRole('group', { name: 'Trained model' });
  await expect(model).toContainText(
    `This model was trained on ${GOOD_FILE}. Train again to use ${fileName}.`,
  );
  await page.getByRole('button', { name: 'Train model again' }).click();
  await expect(model).not.toContainText('This model was trained on');
  await expect(page.getByRole('alert').filter({ hasText: 'Training failed' })).toHaveCount(0);
}

/** A good file loads right after the bad one. */
async function expectGoodFileLoads(page: Page) {
  await dropFile(page, 'next-cohort.csv', GOOD);
  await expect(loadedFile(page)).toContainText('next-cohort.csv');
  await expect(page.getByText('40 rows × 6 columns')).toBeVisible();
  await expect(loadError(page)).toBeHidden();
  await expectEntriesKept(page, '6');
}

interface Case {
  name: string;
  fileName: string;
  content: string | Buffer;
  /** How the file arrives: dropped on the zone or picked with "Load files". */
  via: 'drop' | 'choose';
  /** Rejected files must leave the previous table in place; loadable ones replace it. */
  rejected: boolean;
  check: (page: Page) => Promise<void>;
}

function randomBytes(n: number, seed: number): Buffer {
  const rand = lcg(seed);
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(rand() * 256);
  bytes[3] = 0; // a NUL byte early on, as every binary format has
  return bytes;
}

const rows12 = cohortRows(12, 5);

const cases: Case[] = [
  {
    name: 'an empty file',
    fileName: 'empty.csv',
    content: '',
    via: 'choose',
    rejected: true,
    check: async (page) => {
      await expect(loadError(page)).toContainText('The file is empty.');
    },
  },
  {
    name: 'a file with only blank lines',
    fileName: 'blank-lines.csv',
    content: '\n\r\n  \n\n',
    via: 'drop',
    rejected: true,
    check: async (page) => {
      await expect(loadError(page)).toContainText('The file is empty.');
    },
  },
  {
    name: 'a header row only',
    fileName: 'header-only.csv',
    content: 'age,sex,marker,response\n',
    via: 'drop',
    rejected: true,
    check: async (page) => {
      await expect(loadError(page)).toContainText('The file has a header row but no data rows.');
    },
  },
  {
    name: 'a binary file renamed .csv',
    fileName: 'scan.csv',
    content: randomBytes(200_000, 99),
    via: 'choose',
    rejected: true,
    check: async (page) => {
      await expect(loadError(page)).toContainText(
        'This file does not look like a text CSV (it contains binary data)',
      );
    },
  },
  {
    name: 'a spreadsheet file (.xlsx)',
    fileName: 'cohort.xlsx',
    content: Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(2000, 3)]),
    via: 'drop',
    rejected: true,
    check: async (page) => {
      await expect(loadError(page)).toContainText('“cohort.xlsx” is not a CSV or TSV text file');
    },
  },
  {
    name: 'semicolon delimiters with decimal commas',
    fileName: 'semicolons.csv',
    content: csv(
      COLUMNS,
      rows12.map((r) => [r[0], r[1], r[2].replace('.', ','), r[3], r[4]]),
      ';',
    ),
    via: 'choose',
    rejected: false,
    check: async (page) => {
      await expect(page.getByText('12 rows × 5 columns')).toBeVisible();
      await expect(page.getByText(/semicolon-separated/)).toBeVisible();
      // "4,5" is read as the number 4.5.
      await expect(schemaRow(page, 'marker').getByRole('combobox', { name: 'Type' })).toHaveValue(
        'numeric',
      );
    },
  },
  {
    name: 'tab delimiters',
    fileName: 'tabs.tsv',
    content: csv(COLUMNS, rows12, '\t'),
    via: 'drop',
    rejected: false,
    check: async (page) => {
      await expect(page.getByText('12 rows × 5 columns')).toBeVisible();
      await expect(page.getByText(/tab-separated/)).toBeVisible();
      await expect(schemaRow(page, 'marker')).toBeVisible();
    },
  },
  {
    name: 'a UTF-8 byte-order mark',
    fileName: 'excel-bom.csv',
    content: '\uFEFF' + csv(COLUMNS, rows12),
    via: 'choose',
    rejected: false,
    check: async (page) => {
      await expect(page.getByText('12 rows × 5 columns')).toBeVisible();
      await expect(issues(page)).toContainText('byte-order mark');
      // The first column is called exactly "age", without an invisible character in front.
      const first = page
        .getByRole('region', { name: 'Column types' })
        .getByRole('rowheader')
        .first();
      expect(await first.evaluate((th) => th.firstChild?.textContent)).toBe('age');
      await expect(page.getByLabel('Outcome column').locator('option').first()).toHaveAttribute(
        'value',
        'age',
      );
    },
  },
  {
    name: 'Windows line endings',
    fileName: 'windows.csv',
    content: csv(COLUMNS, rows12, ',', '\r\n'),
    via: 'drop',
    rejected: false,
    check: async (page) => {
      await expect(page.getByText('12 rows × 5 columns')).toBeVisible();
      await expect(issues(page)).toHaveCount(0);
      // The last column's values carry no stray carriage return.
      await expect(page.getByLabel('Outcome column')).toHaveValue('response');
      const classes = page.locator('.balance-name');
      await expect(classes).toHaveText(['no', 'yes']);
      const cells = await page
        .getByRole('region', { name: 'Preview of the first rows' })
        .locator('td')
        .allTextContents();
      expect(cells.some((c) => c.includes('\r'))).toBe(false);
    },
  },
  {
    name: 'quoted fields with commas, quotes and line breaks',
    fileName: 'quoted.csv',
    content: csv(
      ['name', 'note', ...COLUMNS],
      rows12.map((r, i) => [
        i === 0 ? '"Smith, John"' : `"Patient ${i + 1}"`,
        i === 1 ? '"first line\nsecond line, with a comma"' : i === 2 ? '"said ""fine"""' : '',
        ...r,
      ]),
    ),
    via: 'choose',
    rejected: false,
    check: async (page) => {
      await expect(page.getByText('12 rows × 7 columns')).toBeVisible();
      await expect(issues(page)).toHaveCount(0);
      const preview = page.getByRole('region', { name: 'Preview of the first rows' });
      await expect(preview.getByRole('cell', { name: 'Smith, John', exact: true })).toBeVisible();
      await expect(preview.getByText('said "fine"', { exact: true })).toBeVisible();
      expect(await preview.getByText(/^first line/).evaluate((td) => td.textContent)).toBe(
        'first line\nsecond line, with a comma',
      );
    },
  },
  {
    name: 'ragged rows (too few and too many cells)',
    fileName: 'ragged.csv',
    content: csv(
      COLUMNS,
      rows12.map((r, i) => (i === 2 || i === 6 ? r.slice(0, 3) : i === 4 ? [...r, 'extra'] : r)),
    ),
    via: 'drop',
    rejected: false,
    check: async (page) => {
      await expect(page.getByText('12 rows × 5 columns')).toBeVisible();
      await expect(issues(page)).toContainText(
        '2 rows have fewer cells than the header (5 columns): rows 3 and 7. The missing cells are treated as empty.',
      );
      await expect(issues(page)).toContainText(
        '1 row has more cells than the header (5 columns): row 5. The extra cells were ignored.',
      );
    },
  },
  {
    name: 'blank and duplicate column names',
    fileName: 'headers.csv',
    content: csv(
      ['age', '', 'marker', 'marker', 'response'],
      rows12.map((r) => [r[0], r[1], r[2], r[3], r[4]]),
    ),
    via: 'choose',
    rejected: false,
    check: async (page) => {
      await expect(page.getByText('12 rows × 5 columns')).toBeVisible();
      await expect(issues(page)).toContainText(
        '1 column has no name and was named by position: column_2.',
      );
      await expect(issues(page)).toContainText('"marker" → "marker_2"');
      await expect(schemaRow(page, 'column_2')).toBeVisible();
      await expect(schemaRow(page, 'marker_2')).toBeVisible();
    },
  },
  {
    name: 'a numeric column with a few text cells',
    fileName: 'text-in-numbers.csv',
    content: csv(
      COLUMNS,
      cohortRows(30, 8).map((r, i) =>
        i === 3 ? ['unknown', ...r.slice(1)] : i === 8 ? ['>90', ...r.slice(1)] : r,
      ),
    ),
    via: 'drop',
    rejected: false,
    check: async (page) => {
      await expect(page.getByText('30 rows × 5 columns')).toBeVisible();
      // Reported at the top and next to the column, naming the cells; they count as missing.
      await expect(issues(page)).toContainText(
        '“age” is read as numbers, but 2 cells are not numbers and are treated as missing: row 4 “unknown” and row 9 “>90”.',
      );
      const age = schemaRow(page, 'age');
      await expect(age).toContainText(
        '2 cells are not a number and counted as missing (row 4: “unknown”, row 9: “>90”).',
      );
      // Missing: the 2 text cells, while the column is read as numbers.
      await expect(age.getByRole('cell').nth(2)).toHaveText('2 (7 %)');
      // The user can read the column as categories instead: then nothing in it is missing.
      await age.getByRole('combobox', { name: 'Type' }).selectOption('categorical');
      await expect(age).toContainText('(read as numeric)');
      await expect(age.getByRole('cell').nth(2)).toHaveText('0');
      await trainOnNewTable(page, 'text-in-numbers.csv');
    },
  },
  {
    name: 'an outcome with one class',
    fileName: 'one-class.csv',
    content: csv(
      COLUMNS,
      rows12.map((r) => [...r.slice(0, 4), 'yes']),
    ),
    via: 'choose',
    rejected: false,
    check: async (page) => {
      await expect(page.getByText('12 rows × 5 columns')).toBeVisible();
      await page.getByLabel('Outcome column').selectOption('response');
      const blocked = page.getByRole('alert').filter({ hasText: 'Training cannot start yet' });
      await expect(blocked).toContainText(
        'The outcome column "response" has only one class (yes): a model needs at least two.',
      );
      const train = page.getByRole('button', { name: 'Train model again' });
      await expect(train).toBeDisabled();
      await expect(page.getByText('Fix the outcome problems shown in step 1 first.')).toBeVisible();
      // Choosing another outcome unblocks training.
      await page.getByLabel('Outcome column').selectOption('sex');
      await expect(blocked).toBeHidden();
      await expect(train).toBeEnabled();
    },
  },
  {
    name: 'an outcome with a class of one patient',
    fileName: 'rare-class.csv',
    content: csv(
      COLUMNS,
      cohortRows(30, 9).map((r, i) => (i === 17 ? [...r.slice(0, 4), 'relapse'] : r)),
    ),
    via: 'drop',
    rejected: false,
    check: async (page) => {
      await expect(page.getByText('30 rows × 5 columns')).toBeVisible();
      await expect(page.getByRole('group', { name: 'Outcome warnings' })).toContainText(
        'The class "relapse" has only 1 patient: predictions of it will be unreliable.',
      );
      await expect(page.locator('.balance-list')).toContainText('relapse1 patient');
      await trainOnNewTable(page, 'rare-class.csv');
      await expect(modelFact(page, 'Patients')).toHaveText('30');
    },
  },
  {
    name: 'an outcome column that is mostly empty',
    fileName: 'sparse-outcome.csv',
    content: csv(
      COLUMNS,
      cohortRows(100, 10).map((r, i) => (i % 5 === 0 ? r : [...r.slice(0, 4), i % 2 ? '' : 'NA'])),
    ),
    via: 'choose',
    rejected: false,
    check: async (page) => {
      await expect(page.getByText('100 rows × 5 columns')).toBeVisible();
      await expect(page.getByLabel('Outcome column')).toHaveValue('response');
      await expect(page.getByRole('group', { name: 'Outcome warnings' })).toContainText(
        'The outcome column "response" is mostly empty: 80 of 100 rows (80%) have no outcome and are left out.',
      );
      await expect(
        page.getByText('20 patients with a known outcome; 80 without one will be left out'),
      ).toBeVisible();
      await trainOnNewTable(page, 'sparse-outcome.csv');
      await expect(modelFact(page, 'Patients')).toHaveText('20');
    },
  },
];

for (const c of cases) {
  test(`bad input: ${c.name}`, async ({ page }) => {
    await startSession(page);
    if (c.via === 'drop') await dropFile(page, c.fileName, c.content);
    else await chooseFile(page, c.fileName, c.content);

    if (c.rejected) {
      await expect(loadError(page)).toBeVisible();
      await c.check(page);
      await expectGoodTableKept(page);
      await expectGoodFileLoads(page);
    } else {
      await expect(loadedFile(page)).toContainText(c.fileName);
      await expect(loadError(page)).toBeHidden();
      await c.check(page);
      await expectEntriesKept(page);
    }
  });
}

test('bad input: a bad file first, before any table, then a good one', async ({ page }) => {
  await page.goto('/');
  await chooseFile(page, 'empty.csv', '');
  await expect(loadError(page)).toContainText('The file is empty.');
  await expect(loadError(page)).not.toContainText('is still in use');
  await expect(page.getByText('Load a table in step 1 first.')).toBeVisible();
  await chooseFile(page, GOOD_FILE, GOOD);
  await expect(page.getByText('40 rows × 6 columns')).toBeVisible();
  await expect(loadError(page)).toBeHidden();
});
