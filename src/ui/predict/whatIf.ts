/** The what-if patient: the shown patient with the fields the user changed, checked like the form. */
import type { PatientInput } from '../../worker/api';
import { checkField, type Feature } from './formValues';

export interface WhatIfInput {
  input: PatientInput;
  /** Messages by feature name for changed values that cannot be used as typed. */
  errors: Record<string, string>;
}

export function whatIfInput(
  features: Feature[],
  base: PatientInput,
  changes: Record<string, string>,
): WhatIfInput {
  const input: PatientInput = { ...base };
  const errors: Record<string, string> = {};
  for (const f of features) {
    if (!(f.name in changes)) continue;
    const c = checkField(f, changes[f.name]);
    if (c.error) errors[f.name] = c.error;
    else input[f.name] = c.value;
  }
  return { input, errors };
}

/** The same input without one feature, as a stable key (the dependence curve sweeps that feature). */
export function inputKeyWithout(input: PatientInput, feature: string | null): string {
  const rest: PatientInput = { ...input };
  if (feature !== null) delete rest[feature];
  return JSON.stringify(rest);
}
