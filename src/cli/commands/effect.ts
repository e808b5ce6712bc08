/** `genoforest effect`: treatment effects per patient from a causal forest, with the checks grf users rely on. */
import {
  estimateArmEffects,
  estimateTreatmentEffects,
  type EffectReport,
  type EffectRequest,
  type MultiArmReport,
} from '../../app/treatmentEffect.ts';
import type { Calibration, Estimate } from '../../engine/causal/checks.ts';
import type { Rate } from '../../engine/causal/rate.ts';
import { parseCommandArgs, type ParsedArgs } from '../args.ts';
import { readCohort } from '../cohortFiles.ts';
import { CliError, UsageError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { effectSpec } from '../specs.ts';
import { threadsFromArgs } from '../training.ts';
import { createNodePool } from '../../worker/node.ts';
import { poolEffectGrowers } from '../../worker/pool.ts';

const pct = (v: number): string => `${(v * 100).toFixed(1)}`;

/** An average in percentage points with its interval, or why there is none. */
function average(e: Estimate): string {
  return Number.isFinite(e.estimate)
    ? `${pct(e.estimate)} percentage points (95 % interval ${pct(e.lower)} to ${pct(e.upper)})`
    : 'cannot be estimated (see the warnings)';
}

/** The RATE line of an arm or a pair. */
function rateWords(rate: Rate): string {
  return `RATE (AUTOC, held-out ranking): ${rate.estimate.toFixed(3)} (95 % interval ${rate.lower.toFixed(3)} to ${rate.upper.toFixed(3)})`;
}

/** The calibration test's coefficients (the two-arm line, standard errors added for every test). */
function calibrationWords(c: Calibration): string {
  const p = (v: number): string => (v < 0.001 ? 'p < 0.001' : `p = ${v.toFixed(3)}`);
  return `mean forest prediction ${c.mean.toFixed(2)} (SE ${c.meanSe.toFixed(2)}, ${p(c.meanP)}), differential ${c.differential.toFixed(2)} (SE ${c.differentialSe.toFixed(2)}, ${p(c.differentialP)})`;
}

/** Run `genoforest effect`. */
export async function runEffect(argv: string[], io: CliIo): Promise<void> {
  const args = parseCommandArgs(effectSpec, argv);
  const [file] = args.positionals;
  const survival = survivalFromArgs(args);
  const target = survival ? args.requiredString('event') : args.requiredString('target');
  const treatment = args.requiredString('treatment');
  const numTrees = args.int('trees', 2000, 2);
  if (numTrees % 2 !== 0)
    throw new CliError(
      `--trees must be even (trees come in pairs for the intervals), got ${numTrees}`,
    );
  const seed = args.int('seed', 1, 0);
  const { table } = await readCohort(file);
  const patientsPath = args.string('patients');
  const patients =
    patientsPath === undefined
      ? undefined
      : (await readCohort(patientsPath, { what: 'patients file' })).table;
  const threads = threadsFromArgs(args);
  // idleTimeoutMs 0: the workers stay until disposed, which ends them whatever happens.
  const pool = threads > 1 ? createNodePool(threads, { idleTimeoutMs: 0 }) : null;
  const request = {
    target,
    treatment,
    treatedValue: args.string('treated-value'),
    comparisonValue: args.string('comparison-value'),
    positive: args.string('positive'),
    numTrees,
    seed,
    patients,
    randomised: args.flag('randomised'),
    localLinear: !args.flag('no-local-linear'),
    ...(survival ? { survival } : {}),
  };
  let text: string;
  let json: unknown;
  try {
    const growers = pool ? poolEffectGrowers(pool) : undefined;
    const { comparisonValue } = request;
    // A comparison arm without a treated one: every other arm is compared with it.
    if (comparisonValue !== undefined && request.treatedValue === undefined) {
      const all = await estimateArmEffects(table, { ...request, comparisonValue }, growers);
      text = 'method' in all ? describeArms(all) : all.arms.map(describe).join('\n');
      json = all;
    } else {
      const report = await estimateTreatmentEffects(table, request, growers);
      text = describe(report);
      json = report;
    }
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  } finally {
    pool?.dispose();
  }
  if (args.flag('json')) {
    io.stdout(JSON.stringify(json) + '\n');
    return;
  }
  io.stdout(text);
}

/** A joint multi-arm fit in words: each arm's average effect and overlap, then the shared notes. */
function describeArms(report: MultiArmReport): string {
  return [
    `Effects of each arm of ${report.treatment} vs ${report.comparison} on P(${report.target} = ${report.positive}) by one joint multi-arm causal forest, ${report.patients} patients (${report.comparisonCount} ${report.comparison}), ${report.trees} trees, ${report.seconds.toFixed(1)} s`,
    ...report.arms.flatMap((a) => [
      `${a.arm} (${a.count} patients): average effect ${average(a.ate)}`,
      `  Chance of ${a.arm} ranges ${pct(a.overlap.min)} % to ${pct(a.overlap.max)} %`,
      a.calibration
        ? `  Calibration (${a.calibration.patients} patients of ${a.arm} and ${report.comparison}): ${calibrationWords(a.calibration)}`
        : '  Calibration: cannot be computed (see the warnings)',
      a.rate ? `  ${rateWords(a.rate)}` : '  RATE: cannot be computed (see the warnings)',
    ]),
    `Chance of ${report.comparison} ranges ${pct(report.comparisonOverlap.min)} % to ${pct(report.comparisonOverlap.max)} %`,
    ...(report.propensity.model === 'randomised'
      ? [
          `Randomised trial: chances of the arms taken as their shares (${report.propensity.values.map(pct).join(' %, ')} %) for everyone (no propensity model)`,
        ]
      : []),
    `What drives the effects (share of the joint forest's depth-weighted splits): ${report.drivers
      .slice(0, 5)
      .map((d) => `${d.feature} ${(d.importance * 100).toFixed(0)} %`)
      .join(', ')}`,
    report.localLinearNote,
    report.calibrationNote,
    report.rateNote,
    ...report.warnings.map((w) => `Warning: ${w}`),
    ...report.assumptions.map((a) => `Assumes: ${a}`),
    'Per-patient effects of each arm: --json',
    '',
  ].join('\n');
}

/**
 * The time-to-event request of --time/--event/--event-value/--horizon/--censoring, or undefined without --time;
 * refuses a half-given one.
 */
function survivalFromArgs(args: ParsedArgs): EffectRequest['survival'] {
  const time = args.string('time');
  const horizonText = args.string('horizon');
  const censoringText = args.string('censoring');
  if (time === undefined) {
    for (const name of ['horizon', 'event', 'event-value', 'censoring'])
      if (args.string(name) !== undefined)
        throw new UsageError(`--${name} needs --time (a time-to-event outcome)`);
    return undefined;
  }
  if (args.string('target') !== undefined)
    throw new UsageError('With --time the outcome is --event (and --horizon), not --target');
  if (args.string('positive') !== undefined)
    throw new UsageError(
      'With --time the effect is on being event-free at --horizon: no --positive',
    );
  if (horizonText === undefined)
    throw new UsageError('--time needs --horizon: the time at which being event-free is compared');
  const horizon = Number(horizonText.trim());
  if (horizonText.trim() === '' || !Number.isFinite(horizon) || horizon <= 0)
    throw new UsageError(`--horizon must be a time greater than 0, got "${horizonText}"`);
  if (censoringText !== undefined && censoringText !== 'forest' && censoringText !== 'km')
    throw new UsageError(`--censoring must be forest or km, got "${censoringText}"`);
  return {
    time,
    eventValue: args.string('event-value'),
    horizon,
    censoring: censoringText === 'km' ? 'kaplan-meier' : 'forest',
  };
}

/** One arm's figures in words. */
function describe(report: EffectReport): string {
  const outcome =
    report.horizon !== undefined
      ? `P(event-free at ${report.horizon}) (time ${report.time}, event ${report.target})`
      : `P(${report.target} = ${report.positive})`;
  return [
    `Effect of ${report.treatment} = ${report.treated} (vs ${report.comparison}) on ${outcome}, ${report.patients} patients (${report.treatedCount} treated), ${report.trees} trees, ${report.seconds.toFixed(1)} s`,
    ...(report.censoring ? [report.censoring.note] : []),
    `Average effect: ${average(report.ate)}`,
    `On the treated: ${average(report.att)}`,
    `Overlap-weighted: ${average(report.overlapWeighted)}`,
    `Chance of treatment ranges ${pct(report.overlap.min)} % to ${pct(report.overlap.max)} %`,
    report.rate ? rateWords(report.rate) : 'RATE: cannot be computed (see the warnings)',
    ...(report.propensity.model === 'randomised'
      ? [
          `Randomised trial: chance of treatment taken as ${pct(report.propensity.value)} % for everyone (no propensity model)`,
        ]
      : []),
    report.localLinearNote,
    `What drives the effect (share of the causal forest's depth-weighted splits): ${report.drivers
      .slice(0, 5)
      .map((d) => `${d.feature} ${(d.importance * 100).toFixed(0)} %`)
      .join(', ')}`,
    `Calibration: ${calibrationWords(report.calibration)}`,
    ...report.warnings.map((w) => `Warning: ${w}`),
    ...report.assumptions.map((a) => `Assumes: ${a}`),
    'Per-patient effects: --json',
    '',
  ].join('\n');
}
