import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  coefficientText,
  confidenceText,
  numberRange,
  percent,
  percentRange,
  percentagePoints,
  readAsText,
  scoreText,
  thresholdText,
  withRange,
} from './format';

describe('"Read as" of a loaded table', () => {
  it('names the delimiter of a text file', () => {
    expect(readAsText({ delimiter: ',', format: 'text' })).toBe('comma-separated text');
    expect(readAsText({ delimiter: '\t', format: 'text' })).toBe('tab-separated text');
    expect(readAsText({ delimiter: ';' })).toBe('semicolon-separated text');
  });

  it('never calls a genotype file comma-separated (a session gives VCF and .bed no delimiter)', () => {
    expect(readAsText({ delimiter: '', format: 'vcf' })).toBe('VCF');
    expect(readAsText({ delimiter: '', format: 'plink-bed' })).toBe('PLINK .bed + .bim + .fam');
    expect(readAsText({ delimiter: ' ', format: 'plink-raw' })).toBe('PLINK .raw');
    // Joined to a clinical table, the delimiter is the clinical table's: said as such.
    expect(readAsText({ delimiter: ',', format: 'vcf', join: {} })).toBe(
      'VCF joined to comma-separated text',
    );
  });
});

describe('the one formatting policy for figures', () => {
  it('writes probabilities and shares as % with one decimal, scores with three, thresholds with two', () => {
    expect(percent(0.625)).toBe('62.5 %');
    expect(percent(1)).toBe('100.0 %');
    expect(percent(NaN)).toBe('–');
    expect(percent(NaN, 'not available')).toBe('not available');
    expect(percentRange([0.8012, 0.88])).toBe('80.1–88.0 %');
    expect(percentRange(null)).toBe('');
    expect(scoreText(0.66925)).toBe('0.669');
    expect(scoreText(undefined)).toBe('–');
    expect(numberRange([0.8012, 0.88])).toBe('0.801–0.880');
    expect(numberRange([0.55, 1.13], 2)).toBe('0.55–1.13');
    expect(withRange('0.801', '0.75–0.85')).toBe('0.801 (0.75–0.85)');
    expect(withRange('0.801', '')).toBe('0.801');
    expect(thresholdText(0.5)).toBe('0.50');
    expect(coefficientText(0.8421)).toBe('0.84');
    expect(confidenceText(0.9)).toBe('90 %');
    expect(confidenceText(0.975)).toBe('97.5 %');
  });

  it('writes differences in percentage points with a true minus, and no sign on what rounds to zero', () => {
    expect(percentagePoints(0.055)).toBe('+5.5 percentage points');
    expect(percentagePoints(-0.031)).toBe('−3.1 percentage points');
    expect(percentagePoints(-0.0001)).toBe('0.0 percentage points');
    expect(percentagePoints(0.147, false)).toBe('14.7 percentage points');
  });

  it('is the only place Evaluate, Predict and the reports format percentages, scores and thresholds', () => {
    // Each pattern is a figure formatted by hand: a percentage from a probability, a score or a threshold rounded
    // in place. Found once, "0.6692" in one table and "0.669" in another, "94 %" beside "94.0 %", "0.2–0.3" beside
    // "25.0 %" — one figure read two ways.
    const adHoc = [
      /\*\s*100\)\.toFixed\(/,
      /\*\s*1000\)\s*\/\s*10\b/,
      /Math\.round\([^()]*\*\s*100\)\s*\}\s*%/,
      /\.toFixed\([134]\)/,
    ];
    const ui = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const offenders: string[] = [];
    for (const folder of ['evaluate', 'predict', 'report']) {
      for (const name of readdirSync(path.join(ui, folder))) {
        if (!/\.tsx?$/.test(name) || /\.test\.tsx?$/.test(name)) continue;
        readFileSync(path.join(ui, folder, name), 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (adHoc.some((re) => re.test(line))) offenders.push(`${folder}/${name}:${i + 1}`);
          });
      }
    }
    expect(offenders).toEqual([]);
  });
});
