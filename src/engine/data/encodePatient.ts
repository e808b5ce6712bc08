/**
 * A new patient, as typed into the form or read from a batch file, encoded exactly as the training rows were
 * (data/encode.ts), with every field that was empty, not a number, an unseen category or out of range named.
 */
import { categoryLookup, categoryOf } from './categoryLookup';
import { fieldOf, setField } from './fields';
import { genotypeDose } from './genomic/genotypeStrings';
import type { Encoding, PatientInput } from './types';
import { isMissingCell, parseNumber } from './values';

/** A new patient's encoded row, and what was odd about the input. */
export interface EncodedPatient {
  /** One value per feature, in encoding order; NaN = missing. */
  x: Float32Array;
  /** Features left empty / unknown. */
  missing: string[];
  /** Numeric features given something that is not a number (treated as missing). */
  notNumbers: string[];
  /** Categorical features given a value not seen in training (treated as missing). */
  unseen: string[];
  /** Numeric features outside the training range (used as given). */
  outOfRange: string[];
}

/** Encodes one new patient exactly as the training rows were, and says what was odd about the input. */
export function encodePatient(encoding: Encoding, patient: PatientInput): EncodedPatient {
  const decimalComma = encoding.decimalComma === true;
  const x = new Float32Array(encoding.features.length);
  const result: EncodedPatient = { x, missing: [], notNumbers: [], unseen: [], outOfRange: [] };
  encoding.features.forEach((feature, f) => {
    const raw = fieldOf(patient, feature.name);
    const text =
      raw === null || raw === undefined
        ? ''
        : typeof raw === 'number'
          ? Number.isFinite(raw)
            ? String(raw)
            : ''
          : String(raw).trim();
    if (feature.kind === 'numeric') {
      if (isMissingCell(text) || text.toLowerCase() === 'unknown') {
        x[f] = NaN;
        result.missing.push(feature.name);
        return;
      }
      const v =
        typeof raw === 'number'
          ? raw
          : feature.genotype
            ? genotypeDose(text, feature.genotype.counted, feature.genotype.other)
            : parseNumber(text, feature.comma ?? decimalComma);
      if (Number.isNaN(v)) {
        x[f] = NaN;
        result.notNumbers.push(feature.name);
        return;
      }
      x[f] = v;
      // Compared at the float32 precision the training range was recorded in.
      if (x[f] < feature.min || x[f] > feature.max) result.outOfRange.push(feature.name);
      return;
    }
    const lookup = categoryLookup(feature);
    const k = categoryOf(lookup, text);
    if (k >= 0) {
      x[f] = k;
    } else if (isMissingCell(text) || text.toLowerCase() === 'unknown') {
      x[f] = NaN;
      result.missing.push(feature.name);
    } else {
      x[f] = NaN;
      result.unseen.push(feature.name);
    }
  });
  return result;
}

/** The cohort's typical patient: median of each numeric feature, most common category of the others. */
export function typicalPatient(encoding: Encoding): PatientInput {
  const patient: PatientInput = {};
  for (const feature of encoding.features) {
    setField(
      patient,
      feature.name,
      feature.kind === 'numeric' ? feature.median : feature.categories[0],
    );
  }
  return patient;
}
