import { useAppState, useDispatch } from '../app/storeContext';
import { suggestLeafCap } from './leafSuggestion';

/** On a tall cohort: why fully grown trees make a large, slow model, and a one-click leaf-size cap. */
export function TallCohortNote({ patients, nClasses }: { patients: number; nClasses: number }) {
  const dispatch = useDispatch();
  const settings = useAppState((s) => s.settings);
  const suggestion = suggestLeafCap(patients, settings, nClasses);
  if (!suggestion) return null;
  const { minLeaf, text } = suggestion;
  return (
    <div className="tree-suggestion" role="group" aria-label="Large cohort">
      <p>{text}</p>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          dispatch({ type: 'settings/set', field: 'minSamplesLeaf', value: String(minLeaf) });
          dispatch({
            type: 'announce',
            text: `Minimum patients per leaf set to ${minLeaf}. Press Train model to use it.`,
          });
        }}
      >
        Use at least {minLeaf} patients per leaf
      </button>
    </div>
  );
}
