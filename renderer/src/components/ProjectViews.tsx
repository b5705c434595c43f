// Tables shared by the Create wizard (what was detected) and the Open screen (what a bundle
// records): params, hardware, data pointers, findings and recorded metrics. The same data reads
// the same on both sides.
import type { ReactNode } from 'react';
import type { DataPointer, Finding, HardwareInfo, Metric, ParamValue } from '../../../main/shared/views';
import { formatBytes, formatValue } from '../format';
import { escapeControls } from '../../../main/shared/format';

export function ParamsTable({ values, files }: { values: readonly ParamValue[]; files: readonly string[] }): ReactNode {
  if (values.length === 0)
    return (
      <p className="muted">
        No parameters were found (params.yaml/json/toml, Hydra configs, MLproject, upper-case constants in config
        modules).
      </p>
    );
  return (
    <>
      <p>
        From{' '}
        {files.map((file, index) => (
          <span key={file}>
            {index > 0 && ', '}
            <code>{file}</code>
          </span>
        ))}
      </p>
      <table className="table" data-testid="params-table">
        <caption className="visually-hidden">Parameters</caption>
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Value</th>
            <th scope="col">File</th>
          </tr>
        </thead>
        <tbody>
          {values.map((value) => (
            <tr key={`${value.file}:${value.key}`}>
              <td>
                <code>{escapeControls(value.key)}</code>
              </td>
              <td>{formatValue(value.value)}</td>
              <td>
                <code>{value.file}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function HardwareTable({ hardware }: { hardware: HardwareInfo | null }): ReactNode {
  if (hardware === null) return <p className="muted">No hardware was recorded.</p>;
  const rows: [string, string][] = [
    ['CPU', `${hardware.cpu.manufacturer} ${hardware.cpu.model}`],
    [
      'Cores',
      `${hardware.cpu.cores} logical, ${hardware.cpu.physicalCores} physical${hardware.cpu.speedGHz === null ? '' : ` at ${hardware.cpu.speedGHz} GHz`}`,
    ],
    ['Instruction sets', hardware.cpu.flags.join(', ') || 'none recorded'],
    ['Memory', formatBytes(hardware.memoryBytes)],
    [
      'GPUs',
      hardware.gpus.length === 0
        ? 'none'
        : hardware.gpus
            .map(
              (gpu) =>
                `${gpu.vendor} ${gpu.model}${gpu.vramMB === null ? '' : ` (${Math.round(gpu.vramMB / 1024)} GB)`}${gpu.driver === null ? '' : `, driver ${gpu.driver}`}`,
            )
            .join('; '),
    ],
    [
      'CUDA',
      hardware.cuda === null
        ? 'not present'
        : `${hardware.cuda.version ?? '?'} (driver ${hardware.cuda.driver ?? '?'})`,
    ],
    [
      'Operating system',
      `${hardware.os.distro} ${hardware.os.release} (${hardware.os.platform}/${hardware.os.arch}, kernel ${hardware.os.kernel})`,
    ],
    ['Host name', hardware.os.hostname],
    ['Python', hardware.python ?? 'not found'],
  ];
  return (
    <table className="table" data-testid="hardware-table">
      <caption className="visually-hidden">Hardware</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DataPointersTable({ pointers }: { pointers: readonly DataPointer[] }): ReactNode {
  if (pointers.length === 0) return <p className="muted">No data pointers: all data is inside the bundle.</p>;
  return (
    <table className="table" data-testid="pointers-table">
      <caption className="visually-hidden">Data pointers</caption>
      <thead>
        <tr>
          <th scope="col">Path in the project</th>
          <th scope="col">Where to get it</th>
          <th scope="col">Size</th>
          <th scope="col">Checksum</th>
          <th scope="col">Declared by</th>
        </tr>
      </thead>
      <tbody>
        {pointers.map((pointer) => (
          <tr key={pointer.path}>
            <td>
              <code>{escapeControls(pointer.path)}</code>
              {pointer.isDirectory && ' (folder)'}
            </td>
            <td>
              {pointer.uri ??
                (pointer.remote === null ? (
                  <span className="muted">checksum only</span>
                ) : (
                  `${pointer.remote.name}: ${pointer.remote.url}${pointer.remote.endpointUrl === undefined ? '' : ` (endpoint ${pointer.remote.endpointUrl})`}`
                ))}
            </td>
            <td>{pointer.size === null ? '—' : formatBytes(pointer.size)}</td>
            <td>
              <code title={pointer.sha256 ?? pointer.md5 ?? ''}>
                {pointer.sha256 !== null
                  ? `sha256:${pointer.sha256.slice(0, 12)}…`
                  : pointer.md5 !== null
                    ? `md5:${pointer.md5.slice(0, 12)}…`
                    : '—'}
              </code>
            </td>
            <td>{pointer.declaredIn ?? pointer.source}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FindingsList({ findings, empty }: { findings: readonly Finding[]; empty: string }): ReactNode {
  if (findings.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="findings" data-testid="findings">
      {findings.map((finding, index) => (
        <li key={index} className={`finding finding--${finding.severity}`}>
          <span className={`badge badge--${finding.severity}`}>{finding.severity}</span> {finding.message}
          {finding.file !== null && (
            <>
              {' '}
              in{' '}
              <code>
                {finding.file}
                {finding.line === null ? '' : `:${finding.line}`}
              </code>
            </>
          )}
          {finding.fix !== null && <div className="finding__fix">Fix: {finding.fix}</div>}
        </li>
      ))}
    </ul>
  );
}

export function RecordedMetricsTable({ metrics }: { metrics: readonly Metric[] }): ReactNode {
  if (metrics.length === 0) return <p className="muted">No results were recorded.</p>;
  return (
    <table className="table" data-testid="recorded-metrics">
      <caption className="visually-hidden">Recorded results</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Value</th>
          <th scope="col">Tolerance</th>
          <th scope="col">File</th>
        </tr>
      </thead>
      <tbody>
        {metrics.map((metric) => (
          <tr key={`${metric.file}:${metric.name}`}>
            <td>
              <code>{metric.name}</code>
            </td>
            <td>{formatValue(metric.value)}</td>
            <td>
              {metric.tolerance === null
                ? 'exact'
                : `abs ${metric.tolerance.absolute}, rel ${metric.tolerance.relative}`}
            </td>
            <td>
              <code>{metric.file}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
