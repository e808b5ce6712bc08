import { useId } from 'react';
import type { SettingsDraft } from '../app/store';
import { DEFAULT_SETTINGS } from '../app/store';
import type { SettingsMode } from './trainSlice';
import { SelectField, TextField } from '../app/Field';
import { useAppState, useDispatch } from '../app/storeContext';
import type { SettingsErrors } from './settings';
import type { BudgetWords } from '../app/useTuningBudgetWords';
import { TuningBudget } from '../app/TuningBudget';

interface Props {
  errors: SettingsErrors;
  disabled: boolean;
  /** What tuning will grow on this cohort with the trees as typed (the data worker's words), or null until known; kept, hidden, while the answer for changed settings is awaited. */
  tuningBudget: BudgetWords | null;
}

/** The three ways of choosing the settings, as the radio group offers them. */
const MODES: { value: SettingsMode; label: string; help: string }[] = [
  {
    value: 'tuned',
    label: 'tuned on out-of-bag patients (default)',
    help: 'Tries several minimum patients per leaf and features per split on small forests, scores each on the patients its trees did not see (Brier score), then grows the forest with the best. First come larger leaves with each split’s features drawn with weights from a screen of every feature against the outcome (features showing an effect on their own are drawn more often); when one of them clearly beats scikit-learn’s defaults, the search stops there. How many trees tuning grows first depends on the cohort and the trees asked for (at least 16 per setting tried, so relatively more for small forests); trees with more features per split also take longer each, so they are grown to a limited depth first, and deeper only while that scores better. With a Group column, each patient is scored only by trees that drew nobody of their group. Skipped, and said, when one forest alone would take long.',
  },
  {
    value: 'sklearn',
    label: 'scikit-learn defaults',
    help: 'Fully grown trees (one patient per leaf) and the square root of the number of features at each split: the figures compare with scikit-learn’s RandomForestClassifier on the same data.',
  },
  {
    value: 'custom',
    label: 'custom',
    help: 'Set the depth, leaf size, features per split and class weighting yourself.',
  },
];

/** The forest's settings, with scikit-learn's defaults and what each one means in plain words. */
export function TrainSettings({ errors, disabled, tuningBudget }: Props) {
  const s = useAppState((st) => st.settings);
  const dispatch = useDispatch();
  const set = (field: keyof SettingsDraft) => (value: string) =>
    dispatch({ type: 'settings/set', field, value });
  const isDefault = (Object.keys(DEFAULT_SETTINGS) as (keyof SettingsDraft)[]).every(
    (k) => s[k] === DEFAULT_SETTINGS[k],
  );
  const name = useId();
  const modeHelp = useId();
  const custom = s.mode === 'custom';
  const current = MODES.find((m) => m.value === s.mode) ?? MODES[0];

  return (
    <fieldset className="settings" disabled={disabled}>
      <legend>Settings</legend>
      <fieldset className="settings-mode" aria-describedby={modeHelp}>
        <legend>How the settings are chosen</legend>
        {MODES.map((m) => (
          <label key={m.value} className="check">
            <input
              type="radio"
              name={name}
              value={m.value}
              checked={s.mode === m.value}
              onChange={() => set('mode')(m.value)}
            />{' '}
            {m.label}
          </label>
        ))}
        <p className="help" id={modeHelp}>
          {current.help}
          {s.mode === 'tuned' && <TuningBudget budget={tuningBudget} />}
        </p>
      </fieldset>
      <div className="settings-grid">
        <TextField
          label="Number of trees"
          value={s.nEstimators}
          onChange={set('nEstimators')}
          inputMode="numeric"
          error={errors.nEstimators}
          help="More trees give steadier probabilities and usable standard errors for each patient, but take longer. 500 is a good start; with fewer, most standard errors read “more trees needed”."
        />
        {custom && (
          <>
            <TextField
              label="Maximum depth"
              value={s.maxDepth}
              onChange={set('maxDepth')}
              inputMode="numeric"
              placeholder="No limit"
              error={errors.maxDepth}
              help="How many questions a tree may ask in a row. Blank = no limit. A limit makes the model smaller and predictions faster, but too small a limit misses finer patterns."
            />
            <TextField
              label="Minimum patients per leaf"
              value={s.minSamplesLeaf}
              onChange={set('minSamplesLeaf')}
              inputMode="numeric"
              error={errors.minSamplesLeaf}
              help="A tree stops splitting when a group would have fewer patients than this. Larger values make the model smaller and predictions faster and smooth the probabilities; too large a value blurs real differences. 1 grows trees fully; on over 100,000 patients 5 to 20 keeps the model manageable."
            />
            <div className="field-group">
              <SelectField
                label="Features tried at each split"
                value={s.maxFeatures}
                onChange={set('maxFeatures')}
                options={[
                  { value: 'sqrt', label: 'sqrt (default)' },
                  { value: 'log2', label: 'log2' },
                  { value: 'all', label: 'all' },
                  { value: 'count', label: 'a number' },
                ]}
                help="Each split looks at a random subset of the columns, which makes the trees differ. sqrt: the square root of the number of columns; log2: its logarithm; all: every column (then trees differ only by their patients)."
              />
              {s.maxFeatures === 'count' && (
                <TextField
                  label="How many features (count or fraction)"
                  value={s.maxFeaturesCount}
                  onChange={set('maxFeaturesCount')}
                  inputMode="decimal"
                  placeholder="e.g. 5 or 0.3"
                  error={errors.maxFeaturesCount}
                  help="A whole number of columns, or a fraction of them between 0 and 1."
                />
              )}
            </div>
            <SelectField
              label="Class weighting"
              value={s.classWeight}
              onChange={set('classWeight')}
              options={[
                { value: 'none', label: 'none (default)' },
                { value: 'balanced', label: 'balanced' },
              ]}
              help="none: every patient counts the same. balanced: patients with a rarer outcome count more, which helps when one outcome is much rarer than the others."
            />
          </>
        )}
        <TextField
          label="Random seed"
          value={s.randomState}
          onChange={set('randomState')}
          inputMode="numeric"
          error={errors.randomState}
          help="The same seed and data give exactly the same model, so results can be reproduced."
        />
      </div>
      <button
        type="button"
        className="btn btn-quiet btn-small"
        onClick={() => dispatch({ type: 'settings/reset' })}
        disabled={isDefault}
      >
        Reset to defaults
      </button>
    </fieldset>
  );
}
