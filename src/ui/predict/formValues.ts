/** Checking the new-patient form as typed and turning it into the engine's PatientInput. */
import type { Encoding, PatientInput } from '../../worker/api';
import { formatNumber } from '../app/format';
import { fieldOf, setField } from './fields';

export type Feature = Encoding['features'][number];

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const COMMA_DECIMAL = /^[+-]?\d+,\d+$/;
const THOUSANDS = /^[+-]?[1-9]\d{0,2}(?:,\d{3})+$/;

export interface FieldCheck {
  value: number | string | null;
  error?: string;
  warning?: string;
}

/** The value of one field, or a specific message when it cannot be used as typed. */
export function checkField(feature: Feature, text: string | undefined): FieldCheck {
  const t = (text ?? '').trim();
  if (t === '') return { value: null };
  if (feature.kind === 'categorical') return { value: t };
  // A column the training file wrote with commas takes them here too: "24,5" as 24.5, or "12,500" as 12500.
  if (feature.comma === 'decimal' && COMMA_DECIMAL.test(t))
    return checkField(feature, t.replace(',', '.'));
  if (feature.comma === 'thousands' && THOUSANDS.test(t))
    return checkField(feature, t.replace(/,/g, ''));
  if (COMMA_DECIMAL.test(t))
    return {
      value: null,
      error: `Use a dot for decimals: ${t.replace(',', '.')} rather than ${t}.`,
    };
  if (!DECIMAL.test(t))
    return {
      value: null,
      error: `“${t}” is not a number. Type digits (for example ${formatNumber(feature.median)}), or leave it blank if unknown.`,
    };
  const n = Number(t);
  if (!Number.isFinite(n))
    return { value: null, error: `“${t}” is too large to be a number here.` };
  const { min, max } = feature;
  if (n < min || n > max) {
    const width = max - min || Math.abs(max) || 1;
    const far = n < min - width || n > max + width;
    return {
      value: n,
      warning: `${far ? 'Far outside' : 'Outside'} the range seen in training (${formatNumber(min)}–${formatNumber(max)}). It still predicts, but the trees treat it like the nearest value they saw.`,
    };
  }
  return { value: n };
}

export interface FormCheck {
  input: PatientInput;
  /** Messages by feature name for values that cannot be used as typed. */
  errors: Record<string, string>;
  /** Number of fields left unknown. */
  unknown: number;
}

export function checkForm(features: Feature[], values: Record<string, string>): FormCheck {
  const input: PatientInput = {};
  const errors: Record<string, string> = {};
  let unknown = 0;
  for (const f of features) {
    const c = checkField(f, fieldOf(values, f.name));
    if (c.error) setField(errors, f.name, c.error);
    setField(input, f.name, c.value);
    if (c.value === null) unknown++;
  }
  return { input, errors, unknown };
}

/** The form's strings from the engine's typical patient (median / most common values). */
export function valuesFromInput(features: Feature[], input: PatientInput): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of features) {
    const v = fieldOf(input, f.name);
    let text: string;
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      text = '';
    } else if (f.kind === 'categorical') {
      text = f.categories.includes(String(v)) ? String(v) : '';
    } else if (typeof v === 'number') {
      // The engine keeps numbers as 32-bit floats: 11.600000381469727 is shown as 11.6.
      text = String(Number(v.toPrecision(7)));
    } else {
      text = String(v);
    }
    setField(values, f.name, text);
  }
  return values;
}
