import type { TableSummary } from '../../worker/api';

/** Every change made to the data on the way in, so nothing is changed silently. */
export function ConversionsList({ table }: { table: TableSummary }) {
  const conversions = table.conversions ?? [];
  if (conversions.length === 0) return null;
  return (
    <div className="issues conversions" role="group" aria-label="Changes made while reading">
      <h3 className="sub-title">
        {conversions.length === 1
          ? '1 change made while reading'
          : `${conversions.length} changes made while reading`}
      </h3>
      <ul>
        {conversions.map((c, i) => (
          <li key={i}>{c.message}</li>
        ))}
      </ul>
    </div>
  );
}
