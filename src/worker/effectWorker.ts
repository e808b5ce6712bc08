/**
 * The treatment-effect worker role: the use case of src/app/treatmentEffect.ts on a copy of the loaded table, keeping
 * the last fit for the patients typed in afterwards. DOM- and Node-free: the browser entry (effect.worker.ts), the Node
 * entry and tests expose the same object.
 */
import {
  fitArmEffects,
  fitTreatmentEffects,
  patientArmEffects,
  patientTreatmentEffect,
  type MultiArmEffectModel,
  type TreatmentEffectModel,
} from '../app/treatmentEffect';
import type { EffectWorkerApi } from './api';
import { release, report } from './callbacks';
import { remoteEffectGrowers } from './effectGrowers';
import type { EffectGrowers } from '../engine/causal/growers';
import { releaseProxy, type Remote } from 'comlink';

/** Whether growers came as a Comlink proxy (their callbacks must then go back as proxies too). */
function isRemote(growers: EffectGrowers): growers is EffectGrowers & Remote<EffectGrowers> {
  return typeof (growers as unknown as Record<symbol, unknown>)[releaseProxy] === 'function';
}

/** A new treatment-effect worker holding no fit. */
export function createEffectWorker(): EffectWorkerApi {
  let effects: TreatmentEffectModel | null = null;
  // At most one of the two is kept: each estimate forgets the other kind's fit.
  let armEffects: MultiArmEffectModel | null = null;
  return {
    async estimateEffects(table, request, onProgress, growers) {
      effects = null;
      armEffects = null;
      try {
        effects = await fitTreatmentEffects(
          table,
          request,
          (p) => void report(onProgress, p),
          // From another thread the growers are a Comlink proxy (the client's pool); in-process, plain growers.
          growers && (isRemote(growers) ? remoteEffectGrowers(growers) : growers),
        );
      } finally {
        release(onProgress);
        release(growers);
      }
      return effects.report;
    },

    async estimateArmEffects(table, request, onProgress, growers) {
      effects = null;
      armEffects = null;
      try {
        armEffects = await fitArmEffects(
          table,
          request,
          (p) => void report(onProgress, p),
          growers && (isRemote(growers) ? remoteEffectGrowers(growers) : growers),
        );
        return armEffects.report;
      } finally {
        release(onProgress);
        release(growers);
      }
    },

    async patientEffect(patient) {
      return effects ? patientTreatmentEffect(effects, patient) : null;
    },

    async patientArmEffects(patient) {
      return armEffects ? patientArmEffects(armEffects, patient) : null;
    },
  };
}
