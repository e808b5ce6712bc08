import { SearchField } from '../app/Field';
import { DataTable, type Column, type RowProps } from '../app/DataTable';
import { memo, useDeferredValue, useId, useMemo } from 'react';
import type { ColumnChoice, TableSchema } from '../../worker/api';
import { effectiveColumn, type Action, type ChoiceKind } from '../app/store';
import { useAppState, useDispatch } from '../app/storeContext';
import { formatCount, formatNumber } from '../app/format';
import { GenotypeNote } from './GenotypeNote';
import { shortName } from './shortName';
import { focusStep } from '../app/focusStep';

/**
 * More columns than this and the column table is skipped by a link: every row holds two controls, so a keyboard
 * user would otherwise tab through 2 × columns stops to reach Train model (64 on a 30-column table).
 */
const SKIP_OVER = 6;

type ColumnSchema = TableSchema['columns'][number];

/** At most this many rows are drawn; a search finds the others (tables can have 20 000 columns). */
const MAX_ROWS = 200;

const KIND_WORDS: Record<string, string> = {
  numeric: 'numeric',
  categorical: 'categorical',
  genotype: 'genotype',
  identifier: 'identifier',
  constant: 'constant',
  empty: 'empty',
};

/** The headers of the schema table; its rows are SchemaRow (memoised, with controls). */
const SCHEMA_COLUMNS: Column<ColumnSchema>[] = [
  { key: 'name', header: 'Column', cell: () => null },
  { key: 'use', header: 'Use', cell: () => null },
  { key: 'type', header: 'Type', cell: () => null },
  { key: 'missing', header: 'Missing', numeric: true, cell: () => null },
  { key: 'distinct', header: 'Distinct', numeric: true, cell: () => null },
  { key: 'range', header: 'Range or levels', cell: () => null },
];

/** The inferred type of every column, where the user can change a type or leave a column out. */
export function SchemaTable() {
  const table = useAppState((s) => s.load.table);
  const choices = useAppState((s) => s.load.choices);
  const filter = useAppState((s) => s.load.columnFilter);
  const classTarget = useAppState((s) => s.load.target);
  // A time-to-event outcome is two columns, the time and the event; neither is a feature.
  const survival = useAppState((s) => s.survival.kind === 'survival');
  const survivalTime = useAppState((s) => s.survival.time);
  const survivalEvent = useAppState((s) => s.survival.event);
  const target = survival ? survivalEvent : classTarget;
  const dispatch = useDispatch();
  const deferredFilter = useDeferredValue(filter);
  const idPrefix = useId();
  // Counted once per change of choices: a loop over 20,000 columns is too slow for every render.
  const used = useMemo(() => {
    let n = 0;
    for (const c of table?.schema.columns ?? []) {
      const outcome = c.name === target || (survival && c.name === survivalTime);
      if (!outcome && !effectiveColumn(c, choices).excluded) n++;
    }
    return n;
  }, [table, choices, target, survival, survivalTime]);
  if (!table) return null;

  const columns = table.schema.columns;
  const needle = deferredFilter.trim().toLowerCase();
  const matching = needle ? columns.filter((c) => c.name.toLowerCase().includes(needle)) : columns;
  const shown = matching.slice(0, MAX_ROWS);

  return (
    <div className="schema">
      <div className="schema-head">
        <h3 className="sub-title">Columns</h3>
        <p className="note">
          {formatCount(used)} of {formatCount(columns.length)} columns used to predict the outcome.
          Identifiers, constant and empty columns are left out unless you tick “Use”.
        </p>
      </div>
      {columns.length > SKIP_OVER && (
        <p className="schema-skip">
          <a
            href="#step-train"
            onClick={(e) => {
              if (focusStep('train')) e.preventDefault();
            }}
          >
            Skip to training settings
          </a>
        </p>
      )}
      {columns.length > 12 && (
        <SearchField
          label="Search columns"
          placeholder="Column name"
          value={filter}
          onChange={(v) => dispatch({ type: 'schema/setFilter', filter: v })}
        />
      )}
      <DataTable
        caption="Column types"
        className="schema-table"
        scrollClassName="schema-scroll"
        rows={shown}
        rowKey={(c) => c.name}
        columns={SCHEMA_COLUMNS}
        renderRow={(c, _, rowProps) => (
          <SchemaRow
            rowProps={rowProps}
            key={c.name}
            column={c}
            choice={choices[c.name]}
            isTarget={c.name === target || (survival && c.name === survivalTime)}
            rowCount={table.rowCount}
            headerId={`${idPrefix}-${c.index}`}
            dispatch={dispatch}
          />
        )}
      />
      <p className="note" aria-live="polite">
        {matching.length === 0
          ? `No column name contains “${deferredFilter}”.`
          : matching.length > shown.length
            ? `Showing the first ${shown.length} of ${formatCount(matching.length)} ${needle ? 'matching ' : ''}columns. Search to find the others.`
            : needle
              ? `${formatCount(matching.length)} matching column${matching.length === 1 ? '' : 's'}.`
              : ''}
      </p>
    </div>
  );
}

interface SchemaRowProps {
  column: ColumnSchema;
  choice: ColumnChoice | undefined;
  isTarget: boolean;
  rowCount: number;
  headerId: string;
  dispatch: (action: Action) => void;
  rowProps: RowProps;
}

const SchemaRow = memo(function SchemaRow({
  column: c,
  choice,
  isTarget,
  rowCount,
  headerId,
  dispatch,
  rowProps,
}: SchemaRowProps) {
  const onKind = (kind: ChoiceKind) => dispatch({ type: 'schema/setKind', name: c.name, kind });
  const onUse = (used: boolean) => dispatch({ type: 'schema/setUsed', name: c.name, used });
  const { kind, excluded } = choice ?? c;
  const changed = choice !== undefined && choice.kind !== c.inferred;
  // Read as numbers, cells that are not numbers are missing too; read as categories, they are values.
  const missing = c.missing + (kind === 'numeric' ? c.nonNumericCount : 0);
  return (
    <tr className={excluded || isTarget ? 'is-excluded' : undefined} {...rowProps}>
      <th scope="row" id={headerId} className="break">
        {shortName(c.name)}
        {isTarget && <span className="badge badge-accent">outcome</span>}
      </th>
      <td>
        <input
          type="checkbox"
          aria-label="Use"
          aria-describedby={headerId}
          checked={!excluded && !isTarget}
          disabled={isTarget}
          onChange={(e) => onUse(e.target.checked)}
        />
      </td>
      <td>
        <select
          aria-label="Type"
          aria-describedby={headerId}
          value={kind}
          onChange={(e) => onKind(e.target.value as ChoiceKind)}
          className="select-small"
        >
          {kind !== 'numeric' && kind !== 'categorical' && kind !== 'genotype' && (
            <option value={kind} disabled>
              {KIND_WORDS[kind] ?? kind}
            </option>
          )}
          {c.inferred === 'genotype' && <option value="genotype">genotype</option>}
          <option value="numeric">numeric</option>
          <option value="categorical">categorical</option>
        </select>
        {c.genotype && kind === 'genotype' && <GenotypeNote genotype={c.genotype} />}
        {changed && <span className="muted small"> (read as {KIND_WORDS[c.inferred]})</span>}
      </td>
      <td className="num">
        {formatCount(missing)}
        {missing > 0 && rowCount > 0 && (
          <span className="muted small"> ({Math.round((missing / rowCount) * 100)} %)</span>
        )}
      </td>
      <td className="num">{formatCount(c.distinct)}</td>
      <td className="range-cell">
        <RangeText column={c} />
      </td>
    </tr>
  );
});

function RangeText({ column: c }: { column: ColumnSchema }) {
  const parts: string[] = [];
  if (c.min !== undefined && c.max !== undefined) {
    parts.push(`${formatNumber(c.min)} – ${formatNumber(c.max)}`);
    if (c.median !== undefined) parts.push(`median ${formatNumber(c.median)}`);
  } else if (c.levels && c.levels.length > 0) {
    const first = c.levels.slice(0, 4).map((l) => `${l.value} (${formatCount(l.count)})`);
    const more = c.distinct - first.length;
    parts.push(first.join(', ') + (more > 0 ? `, +${formatCount(more)} more` : ''));
  }
  return (
    <>
      <span className="break">{parts.join('; ') || '–'}</span>
      {c.nonNumericCount > 0 && (
        <span className="cell-note">
          {formatCount(c.nonNumericCount)} cell{c.nonNumericCount === 1 ? ' is' : 's are'} not a
          number and counted as missing
          {c.nonNumeric.length > 0 &&
            ` (${c.nonNumeric
              .slice(0, 3)
              .map((x) => `row ${x.row}: “${x.value}”`)
              .join(', ')})`}
          .
        </span>
      )}
    </>
  );
}
