import { useAppState } from '../app/storeContext';
import { suggestLeafCap } from './leafSuggestion';
import { SettingSuggestion } from './SettingSuggestion';

/** On a tall cohort: why fully grown trees make a large, slow model, and a one-click leaf-size cap. */
export function TallCohortNote({ patients, nClasses }: { patients: number; nClasses: number }) {
  const settings = useAppState((s) => s.settings);
  const suggestion = suggestLeafCap(patients, settings, nClasses);
  if (!suggestion) return null;
  const { minLeaf, text } = suggestion;
  return (
    <SettingSuggestion
      label="Large cohort"
      text={text}
      field="minSamplesLeaf"
      value={String(minLeaf)}
      button={`Use at least ${minLeaf} patients per leaf`}
      announce={`Minimum patients per leaf set to ${minLeaf}. Press Train model to use it.`}
      done={`Minimum patients per leaf is ${minLeaf}: press Train model to use it.`}
    />
  );
}
