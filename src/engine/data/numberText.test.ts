import { describe, expect, it } from 'vitest';
import { COMMA_FLAG, plainNumberText, scanPlainNumber, thousandsShaped } from './numberText';

/** A seeded generator (LCG), so a failing text can be rebuilt. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('numbers held with the digits written', () => {
  it('gives back the text and the value of 200,000 random plain numbers exactly', () => {
    const next = rng(1);
    let checked = 0;
    for (let k = 0; k < 200_000; k++) {
      const whole = String(Math.floor(next() * 10 ** Math.floor(next() * 10)));
      const digits = Math.floor(next() * 8);
      let fraction = '';
      for (let j = 0; j < digits; j++) fraction += String(Math.floor(next() * 10));
      const separator = next() < 0.3 ? ',' : '.';
      const text = `${next() < 0.3 ? '-' : ''}${whole}${digits > 0 ? separator + fraction : ''}`;
      const n = scanPlainNumber(text);
      if (n === null) continue;
      checked++;
      expect(n.value).toBe(Number(text.replace(',', '.')));
      expect(plainNumberText(n.value, n.decimals)).toBe(text);
    }
    // Only those over 15 digits and "-0…" are refused.
    expect(checked).toBeGreaterThan(180_000);
  });

  it('refuses what would not come back as written', () => {
    for (const text of [
      '007',
      '+5',
      '.5',
      '5.',
      '5,',
      '1e5',
      '-0',
      '-0.00',
      '',
      '-',
      '1,234,567',
      '1.5.2',
    ])
      expect(scanPlainNumber(text), text).toBeNull();
    expect(scanPlainNumber('1234567890123456')).toBeNull(); // 16 digits
    expect(scanPlainNumber('123456789012.345')).toEqual({ value: 123456789012.345, decimals: 3 });
  });

  it('marks a comma and tells a "12,500" that could be thousands', () => {
    const n = scanPlainNumber('12,500');
    expect(n).toEqual({ value: 12.5, decimals: 3 | COMMA_FLAG });
    expect(thousandsShaped(12.5, 3 | COMMA_FLAG)).toBe(true);
    expect(thousandsShaped(0.5, 3 | COMMA_FLAG)).toBe(false); // "0,500": no thousands start with 0
    expect(thousandsShaped(12.5, 2 | COMMA_FLAG)).toBe(false); // "12,50"
    expect(thousandsShaped(12.5, 3)).toBe(false); // "12.500"
  });
});
