/**
 * "What would change the outlook" for one patient, as the data worker answers `counterfactual`: the user's
 * modifiable fields become search ranges from the training encoding (the cohort's observed numeric range, its
 * categories), engine/explain/counterfactual finds the nearest change, and the answer is written back in the
 * patient's own values, rounded to a readable step and re-checked, with the new probability's standard error.
 */
import { encodePatient } from '../engine/data/encodePatient';
import { setField } from '../engine/data/fields';
import type { FeatureEncoding } from '../engine/data/types';
import { findCounterfactual, type ModifiableField } from '../engine/explain/counterfactual';
import { formatPointChange, iconDifference } from '../engine/explain/riskWords';
import { predictProbaRow } from '../engine/forest/predict';
import type { CounterfactualAnswer, CounterfactualRequest, PatientInput } from './types';
import { normalised, standardErrorsOf } from './patientUncertainty';
import type { PatientModel } from './patientModel';

/** A readable step for a numeric range: a power of ten about a hundredth of it. */
function stepOf(min: number, max: number): number {
  const span = max - min;
  return span > 0 ? 10 ** Math.floor(Math.log10(span / 100)) : 1;
}

/** Rounds `to` to the field's step, away from `from` so the change is not made smaller than the one found. */
function roundAway(f: Extract<FeatureEncoding, { kind: 'numeric' }>, from: number, to: number) {
  const step = stepOf(f.min, f.max);
  const up = Number.isNaN(from) || to >= from;
  const r = (up ? Math.ceil(to / step) : Math.floor(to / step)) * step;
  const digits = Math.max(0, -Math.round(Math.log10(step)));
  return Number(Math.min(f.max, Math.max(f.min, r)).toFixed(digits));
}

function shown(f: FeatureEncoding, v: number): string {
  if (Number.isNaN(v)) return 'unknown';
  return f.kind === 'categorical' ? (f.categories[v] ?? String(v)) : String(v);
}

/** The nearest change to the requested fields that raises the wanted outcome's probability to the threshold. */
export function patientCounterfactual(
  model: PatientModel,
  patient: PatientInput,
  request: CounterfactualRequest,
): CounterfactualAnswer {
  const { encoding } = model.info;
  const K = model.forest.nClasses;
  const { targetClass, threshold } = request;
  if (!(Number.isInteger(targetClass) && targetClass >= 0 && targetClass < K))
    throw new Error(`There is no outcome number ${targetClass}.`);
  const fields: ModifiableField[] = request.fields.map((name) => {
    const index = encoding.features.findIndex((f) => f.name === name);
    if (index < 0) throw new Error(`The model has no field "${name}".`);
    const f = encoding.features[index];
    return f.kind === 'numeric'
      ? { index, name, kind: 'numeric', min: f.min, max: f.max }
      : { index, name, kind: 'categorical', levels: f.categories.map((_, i) => i) };
  });
  const { x } = encodePatient(encoding, patient);
  const predict = (row: Float64Array) => predictProbaRow(model.forest, row);
  const result = findCounterfactual({
    predict,
    patient: x,
    fields,
    targetClass,
    threshold,
    maxFields: request.maxFields,
    allowWorse: request.allowWorse === true,
  });
  // Rounded values are easier to read, but a forest is not monotone: keep them only if they still reach the
  // threshold in the direction asked, else show the values the search found.
  const rounded = Float64Array.from(x);
  for (const c of result.changes) {
    const f = encoding.features[c.index];
    rounded[c.index] = f.kind === 'numeric' ? roundAway(f, c.from, c.to) : c.to;
  }
  const pr = predict(rounded)[targetClass];
  const keepsGoal = result.direction === 'above' ? pr >= threshold : pr < threshold;
  const row = keepsGoal ? rounded : Float64Array.from(result.row);
  const whatIf: PatientInput = { ...patient };
  const changes = result.changes.map((c) => {
    const f = encoding.features[c.index];
    const to = row[c.index];
    setField(whatIf, f.name, f.kind === 'numeric' ? to : shown(f, to));
    return { field: f.name, from: shown(f, c.from), to: shown(f, to) };
  });
  // The probabilities are recomputed at the values actually shown.
  const before = Array.from(predict(Float64Array.from(x)));
  const after = result.found ? Array.from(predict(row)) : before;
  const probability = after[targetClass];
  const se = result.found ? standardErrorsOf(model, row) : standardErrorsOf(model, x);
  return {
    found: result.found,
    direction: result.direction,
    alreadyThere: result.alreadyThere,
    targetClass: encoding.classes[targetClass],
    threshold,
    baseline: result.baseline,
    probability,
    standardError: se ? se[targetClass] : null,
    changes,
    patient: whatIf,
    probabilities: after,
    change: formatPointChange(probability - result.baseline),
    difference: iconDifference(normalised(before), normalised(after), encoding.classes, {
      before: 'this patient now',
      after: 'the what-if',
    }),
    truncated: result.truncated,
  };
}
