// A synthetic sample's report: the summary, privacy figures, and per column the distance
// between real and synthetic data with a small chart of their quantiles (5 %, 25 %, 50 %, 75 %,
// 95 %) on one axis, so a shifted or squeezed distribution shows at a glance.
import type { ReactNode } from 'react';
import type { FidelityReport as Fidelity } from '../../../main/shared/views';
import { formatValue } from '../format';

type Column = Fidelity['columns'][number];

function QuantileChart({ column }: { column: Column }): ReactNode {
  const real = column.real?.quantiles ?? [];
  const synthetic = column.synthetic?.quantiles ?? [];
  if (real.length === 0 || synthetic.length === 0) return <span className="muted">—</span>;
  const all = [...real, ...synthetic];
  const min = Math.min(...all);
  const max = Math.max(...all);
  const x = (value: number): number => (max === min ? 60 : 4 + ((value - min) / (max - min)) * 112);
  const row = (values: number[], y: number, className: string): ReactNode => (
    <g className={className}>
      <line x1={x(values[0] as number)} x2={x(values[values.length - 1] as number)} y1={y} y2={y} />
      <rect
        x={x(values[1] as number)}
        y={y - 4}
        width={Math.max(1, x(values[3] as number) - x(values[1] as number))}
        height={8}
      />
      <line x1={x(values[2] as number)} x2={x(values[2] as number)} y1={y - 5} y2={y + 5} className="chart__median" />
    </g>
  );
  return (
    <svg
      className="chart"
      width="120"
      height="34"
      viewBox="0 0 120 34"
      role="img"
      aria-label={`${column.name}: real median ${formatValue(real[2])}, synthetic median ${formatValue(synthetic[2])}`}
    >
      {row(real, 9, 'chart__real')}
      {row(synthetic, 25, 'chart__synthetic')}
    </svg>
  );
}

export function FidelityReport({ report, testId }: { report: Fidelity; testId?: string }): ReactNode {
  const privacy = report.privacy;
  return (
    <div className="fidelity" data-testid={testId}>
      <p>{report.summary}</p>
      <dl className="facts">
        <dt>Exact copies of real rows</dt>
        <dd>{privacy.exactCopies}</dd>
        <dt>Closest-record distance</dt>
        <dd>
          synthetic→real {formatValue(privacy.closestRecord.synthetic)}, real→real{' '}
          {formatValue(privacy.closestRecord.realToReal)}
          {privacy.closestRecord.ratio !== null &&
            ` (ratio ${privacy.closestRecord.ratio.toFixed(2)}; below 0.5 is refused)`}
        </dd>
        <dt>Correlation difference</dt>
        <dd>
          max {formatValue(report.correlation.maxDifference)}, mean {formatValue(report.correlation.meanDifference)}{' '}
          over {report.correlation.pairs} pairs
        </dd>
      </dl>
      <table className="table">
        <caption className="visually-hidden">Fidelity per column</caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Distance</th>
            <th scope="col">Mean (real / synthetic)</th>
            <th scope="col">
              Quantiles <span className="legend legend--real">real</span>{' '}
              <span className="legend legend--synthetic">synthetic</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {report.columns.map((column) => (
            <tr key={column.name}>
              <td>
                <code>{column.name}</code>
              </td>
              <td>{column.type}</td>
              <td>{column.distance === null ? column.measure : `${column.measure} ${column.distance.toFixed(3)}`}</td>
              <td>
                {column.real === null
                  ? '—'
                  : `${formatValue(column.real.mean)} / ${formatValue(column.synthetic?.mean)}`}
              </td>
              <td>
                <QuantileChart column={column} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
