// Step 8: how the result is reproduced: the command (a proposal or the author's own), the
// results files and their values, the tolerance of each numeric metric, and an optional
// pre-flight: the bundle built and run in a container (N times to catch non-determinism) with
// its live log.
import { useState, type ReactNode } from 'react';
import type { ScanSummary } from '../../../../../main/shared/views';
import type { OperationResponse } from '../../../../../main/contract/operations';
import { useApi } from '../../../api/api-context';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { LogView, useLog } from '../../../components/LogView';
import { PathField } from '../../../components/PathField';
import { ProgressView } from '../../../components/ProgressView';
import { formatValue } from '../../../format';
import { useTask } from '../../../hooks/use-task';
import { bundleContent, parseTolerance, type StepProps } from '../wizard-state';
import { Radio } from '../../../components/Radio';

export function RunStep({ state, update }: StepProps): ReactNode {
  const scan = state.scan as ScanSummary;
  const proposals = scan.entrypointProposals;
  const custom = !proposals.some((proposal) => proposal.command === state.run);
  return (
    <>
      <fieldset className="fieldset">
        <legend>Command that reproduces the result</legend>
        {proposals.map((proposal, index) => (
          <Radio
            key={proposal.command}
            id={`run-${index}`}
            name="run"
            checked={state.run === proposal.command}
            onSelect={() => update({ run: proposal.command, preflight: null })}
          >
            <code>{proposal.command}</code> <span className="muted">(from {proposal.source})</span>
          </Radio>
        ))}
        <div className="field">
          <label htmlFor="run-custom">{proposals.length === 0 ? 'Command' : 'Or your own command'}</label>
          <input
            id="run-custom"
            className="input"
            value={custom ? state.run : ''}
            placeholder="e.g. python train.py --seed 7"
            onChange={(event) => update({ run: event.target.value, preflight: null })}
          />
        </div>
      </fieldset>
      <h3 className="subheading">Results</h3>
      <p>
        {scan.results.files.length === 0 ? (
          'No results file was found.'
        ) : (
          <>
            Read from{' '}
            {scan.results.files.map((file) => (
              <code key={file}>{file} </code>
            ))}
          </>
        )}{' '}
        Numbers are compared within the larger of the absolute and the relative tolerance; integers, text and booleans
        exactly.
      </p>
      <ResultsFiles state={state} update={update} />
      <MetricsEditor state={state} update={update} />
      <Preflight state={state} update={update} />
    </>
  );
}

/** The results files to record, when the proposal is not the right one: read again on demand. */
function ResultsFiles({ state, update }: Pick<StepProps, 'state' | 'update'>): ReactNode {
  const { api } = useApi();
  const scan = state.scan as ScanSummary;
  const [files, setFiles] = useState(scan.results.files.join(', '));
  const task = useTask<ScanSummary>();
  const list = files
    .split(',')
    .map((file) => file.trim())
    .filter((file) => file !== '');
  const read = async (): Promise<void> => {
    const rescanned = await task.start((options) => api.scanProject({ projectDir: scan.root, results: list }, options));
    // The Files step's choices are kept in the answers, not in the scan, so the tree stays whole.
    // Tolerances were set for the old metrics; the new files bring their own.
    if (rescanned !== undefined) update({ scan: rescanned, results: list, tolerances: {}, preflight: null });
  };
  return (
    <form
      className="field"
      onSubmit={(event) => {
        event.preventDefault();
        void read();
      }}
    >
      <label htmlFor="results-files">Results files (comma-separated, relative to the project)</label>
      <div className="field__row">
        <input
          id="results-files"
          className="input"
          value={files}
          placeholder="metrics.json"
          onChange={(event) => setFiles(event.target.value)}
        />
        <button
          type="submit"
          className="button button--quiet"
          disabled={list.length === 0 || task.state.status === 'running'}
        >
          Read these files
        </button>
      </div>
      {task.state.status === 'running' && (
        <ProgressView label="Reading the results" progress={task.state.progress} onCancel={task.cancel} />
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
    </form>
  );
}

function MetricsEditor({ state, update }: Pick<StepProps, 'state' | 'update'>): ReactNode {
  const metrics = (state.scan as ScanSummary).results.metrics;
  if (metrics.length === 0)
    return (
      <p className="muted">No metrics: name a results file (JSON, YAML or CSV) the command writes, and scan again.</p>
    );
  return (
    <table className="table" data-testid="metrics-editor">
      <caption className="visually-hidden">Recorded metrics and their tolerances</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Recorded value</th>
          <th scope="col">Absolute tolerance</th>
          <th scope="col">Relative tolerance</th>
        </tr>
      </thead>
      <tbody>
        {metrics.map((metric) => {
          const key = `${metric.file}:${metric.name}`;
          const draft = state.tolerances[key] ?? {
            absolute: String(metric.tolerance?.absolute ?? ''),
            relative: String(metric.tolerance?.relative ?? ''),
          };
          const edit = (patch: Partial<typeof draft>): void =>
            update({ tolerances: { ...state.tolerances, [key]: { ...draft, ...patch } } });
          const numeric = typeof metric.value === 'number';
          return (
            <tr key={key}>
              <td>
                <code>{metric.name}</code> <span className="muted">({metric.file})</span>
              </td>
              <td>{formatValue(metric.value)}</td>
              {numeric ? (
                <>
                  {(['absolute', 'relative'] as const).map((part) => {
                    const parsed = parseTolerance(draft[part]);
                    const problemId = `tolerance-${part}-${key}`.replace(/[^\w-]/g, '_');
                    return (
                      <td key={part}>
                        <input
                          className="input input--number"
                          inputMode="decimal"
                          aria-label={`${part === 'absolute' ? 'Absolute' : 'Relative'} tolerance of ${metric.name}`}
                          aria-invalid={'problem' in parsed}
                          {...('problem' in parsed ? { 'aria-describedby': problemId } : {})}
                          value={draft[part]}
                          onChange={(event) => edit({ [part]: event.target.value })}
                        />
                        {'problem' in parsed && (
                          <span className="field-error" id={problemId} role="alert">
                            {parsed.problem}
                          </span>
                        )}
                      </td>
                    );
                  })}
                </>
              ) : (
                <td colSpan={2} className="muted">
                  compared exactly
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Preflight({ state, update }: Pick<StepProps, 'state' | 'update'>): ReactNode {
  const { api } = useApi();
  const [runs, setRuns] = useState('2');
  const [dataDir, setDataDir] = useState('');
  const log = useLog();
  const task = useTask<OperationResponse<'preflightRun'>>(
    log.append,
    'A pre-flight run is in progress. Leave and cancel it?',
  );
  const count = Number(runs);
  const start = async (): Promise<void> => {
    log.clear();
    update({ preflight: null });
    const result = await task.start((options) =>
      api.preflightRun(
        { content: bundleContent(state), runs: count, ...(dataDir.trim() === '' ? {} : { dataDir: dataDir.trim() }) },
        options,
      ),
    );
    if (result !== undefined) update({ preflight: result });
  };
  return (
    <section className="subsection" aria-labelledby="preflight-heading">
      <h3 className="subheading" id="preflight-heading">
        Pre-flight (optional)
      </h3>
      <p>
        Builds the bundle's image and runs the command in the replay sandbox before you sign, so you know it replays.
        With two or more runs, metrics that vary are reported and their tolerance proposed.
      </p>
      <div className="field">
        <label htmlFor="preflight-runs">Runs</label>
        <input
          id="preflight-runs"
          className="input input--number"
          type="number"
          min={1}
          max={20}
          value={runs}
          onChange={(event) => setRuns(event.target.value)}
        />
      </div>
      <PathField
        label="Data folder (for data kept outside the bundle)"
        value={dataDir}
        onChange={setDataDir}
        purpose="data-folder"
      />
      <button
        type="button"
        className="button"
        disabled={task.state.status === 'running' || !Number.isInteger(count) || count < 1 || count > 20}
        onClick={() => void start()}
      >
        Run pre-flight
      </button>
      {task.state.status === 'running' && (
        <ProgressView label="Pre-flight" progress={task.state.progress} onCancel={task.cancel} />
      )}
      <LogView lines={log.lines} label="Pre-flight log" />
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {state.preflight !== null && (
        <div className="note" role="status" data-testid="preflight-result">
          <p>
            <strong>Pre-flight passed</strong>: {state.preflight.runs} run(s) in the container. The bundle will record
            the first run's results.
          </p>
          {state.preflight.varying.length === 0 ? (
            state.preflight.runs > 1 && <p>Every metric came out the same in every run.</p>
          ) : (
            <ul>
              {state.preflight.varying.map((variation) => (
                <li key={`${variation.file}:${variation.name}`}>
                  <code>{variation.name}</code> varied from {formatValue(variation.min)} to {formatValue(variation.max)}
                  : its absolute tolerance will be set to {formatValue(2 * (variation.max - variation.min))} unless you
                  set one above.
                </li>
              ))}
            </ul>
          )}
          {state.preflight.entrypoints.length > 0 && (
            <>
              <p>Every proposed command, checked in the built image without running it:</p>
              <ul data-testid="runnable-checks">
                {state.preflight.entrypoints.map((check) => (
                  <li key={check.command}>
                    <code>{check.command}</code>: {check.runnable ? 'can run' : <strong>cannot run</strong>}
                    {!check.runnable && check.detail !== '' && <pre className="log-excerpt">{check.detail}</pre>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
