/** The what-if patient: the shown patient with the fields the user changed, checked like the form. */
import type { PatientInput } from '../../worker/api';
import { checkField, type Feature } from './formValues';
import { fieldOf, setField } from './fields';

export interface WhatIfInput {
  input: PatientInput;
  /** Messages by feature name for changed values that cannot be used as typed. */
  errors: Record<string, string>;
  /** The changes that were applied to the base patient, by feature name. */
  applied: PatientInput;
}

export function whatIfInput(
  features: Feature[],
  base: PatientInput,
  changes: Record<string, string>,
): WhatIfInput {
  const input: PatientInput = { ...base };
  const errors: Record<string, string> = {};
  const applied: PatientInput = {};
  for (const f of features) {
    const change = fieldOf(changes, f.name);
    if (change === undefined) continue;
    const c = checkField(f, change);
    if (c.error) setField(errors, f.name, c.error);
    else {
      setField(input, f.name, c.value);
      setField(applied, f.name, c.value);
    }
  }
  return { input, errors, applied };
}

/**
 * A key that changes exactly when the what-if input changes, made from the applied changes of one base
 * patient (`baseKey`) but for `without` (the feature a dependence curve sweeps). Keying on the changes, not on
 * the whole input, keeps a 20,000-field patient from being copied and stringified at each render.
 */
export function changesKey(baseKey: string, applied: PatientInput, without: string | null): string {
  const rest = Object.entries(applied)
    .filter(([name]) => name !== without)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${baseKey}\u0000${JSON.stringify(rest)}`;
}

const baseKeys = new WeakMap<PatientInput, string>();
let lastBaseKey = 0;

/** A short key standing for one base patient's input object (the same object always gets the same key). */
export function baseKeyOf(input: PatientInput): string {
  let key = baseKeys.get(input);
  if (key === undefined) {
    key = String(++lastBaseKey);
    baseKeys.set(input, key);
  }
  return key;
}
