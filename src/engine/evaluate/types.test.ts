import { describe, expect, it } from 'vitest';
import type * as Api from '../../worker/api';
import type * as Explain from '../explain/types';
import type * as Engine from './types';

// Compile-time check (tsc -b) that the engine's result types and the worker API's stay the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [
  Same<Engine.CurvePoint, Api.CurvePoint>,
  Same<Engine.ClassCurves, Api.ClassCurves>,
  Same<Engine.CalibrationBin, Api.CalibrationBin>,
  Same<Engine.EvaluationMetrics, Api.EvaluationMetrics>,
  Same<Explain.PatientWarning, Api.PatientWarning>,
  Same<Explain.DependenceCurve, Api.DependenceCurve>,
] = [true, true, true, true, true, true];

describe('engine result types', () => {
  it('have the same shape as src/worker/api.ts', () => {
    expect(checks.every(Boolean)).toBe(true);
  });
});
