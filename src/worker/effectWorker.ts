/**
 * The treatment-effect worker role: the use case of src/app/treatmentEffect.ts on a copy of the loaded table, keeping
 * the last fit for the patients typed in afterwards. DOM- and Node-free: the browser entry (effect.worker.ts), the Node
 * entry and tests expose the same object.
 */
import {
  fitTreatmentEffects,
  patientTreatmentEffect,
  type TreatmentEffectModel,
} from '../app/treatmentEffect';
import type { EffectWorkerApi } from './api';
import { release, report } from './callbacks';

/** A new treatment-effect worker holding no fit. */
export function createEffectWorker(): EffectWorkerApi {
  let effects: TreatmentEffectModel | null = null;
  return {
    async estimateEffects(table, request, onProgress) {
      effects = null;
      try {
        effects = fitTreatmentEffects(table, request, (p) => void report(onProgress, p));
      } finally {
        release(onProgress);
      }
      return effects.report;
    },

    async patientEffect(patient) {
      return effects ? patientTreatmentEffect(effects, patient) : null;
    },
  };
}
