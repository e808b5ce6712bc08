import { useAppState, useDispatch } from '../app/storeContext';
import { ErrorAlert } from '../app/Alert';
import { DropZone } from './DropZone';
import { JoinKeyPicker } from './JoinKeyPicker';
import { JoinSummary } from './JoinSummary';
import { ConversionsList } from './ConversionsList';
import { ReadingProgress } from './ReadingProgress';
import { TableOverview } from './TableOverview';
import { OutcomeKind } from '../survival/OutcomeKind';
import { SchemaTable } from './SchemaTable';
import { useLoadActions } from './useLoadActions';
import './load.css';

export function LoadStep() {
  const { loadFiles, loadSample, cancel, joinRefusal, joinRefusedOn, joinLoadedOn } =
    useLoadActions();
  const status = useAppState((s) => s.load.status);
  const error = useAppState((s) => s.load.error);
  const table = useAppState((s) => s.load.table);
  const dispatch = useDispatch();
  const reading = status === 'running';

  return (
    <div className="load-step">
      <DropZone
        onFiles={(files) => void loadFiles(files)}
        onSample={() => void loadSample()}
        busy={reading}
        compact={table !== null}
        onError={(message) => dispatch({ type: 'load/rejected', error: message })}
      />
      {reading && <ReadingProgress onCancel={cancel} />}
      {error && !reading && (
        <ErrorAlert title="The file could not be loaded">
          {error}
          {table && (
            <p className="alert-note">
              The table loaded before, {table.fileName}, is still in use.
            </p>
          )}
        </ErrorAlert>
      )}
      {joinRefusal && joinRefusedOn && !reading && (
        <JoinKeyPicker
          // A refusal with other columns starts the choice afresh.
          key={joinRefusal.columns.clinical.join('\u0000')}
          columns={joinRefusal.columns}
          current={joinRefusal.key}
          onJoin={(key) => void joinRefusedOn(key)}
          busy={reading}
        />
      )}
      {table && (
        <>
          <JoinSummary
            table={table}
            onJoinKey={joinLoadedOn && ((key) => void joinLoadedOn(key))}
            busy={reading}
          />
          <ConversionsList table={table} />
          <TableOverview table={table} />
          <OutcomeKind />
          <SchemaTable />
        </>
      )}
    </div>
  );
}
