// "Evaluate many": an artifact-evaluation committee's season replayed in one go (the contract's
// evaluateBundles, as `reprobundle evaluate`): choose the folder of bundles, where the reports
// go and how many replays run at once; each bundle's verdict appears as soon as it is known, and
// the summary table (with each report's place) when all are done. Running it again resumes.
import { useState, type ReactNode } from 'react';
import type { OperationResponse } from '../../../../main/contract/operations';
import { escapeControls } from '../../../../main/shared/format';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PathField } from '../../components/PathField';
import { ProgressView } from '../../components/ProgressView';
import { Radio } from '../../components/Radio';
import { useTask } from '../../hooks/use-task';

type Evaluation = OperationResponse<'evaluateBundles'>;

const GOOD = new Set(['REPRODUCED', 'SMOKE-PASSED']);

function badgeFor(verdict: string): string {
  return GOOD.has(verdict)
    ? 'badge--good'
    : verdict === 'MISMATCH' || verdict === 'ERROR'
      ? 'badge--warning'
      : 'badge--error';
}

/** The last path segment, whatever the engine's separator. */
function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

export function Evaluate(): ReactNode {
  const { api } = useApi();
  const [folder, setFolder] = useState('');
  const [outDir, setOutDir] = useState('');
  const [jobs, setJobs] = useState('1');
  const [dataDir, setDataDir] = useState('');
  const [engine, setEngine] = useState<'local' | 'slurm'>('local');
  const [partition, setPartition] = useState('');
  const [live, setLive] = useState<{ verdict: string; file: string }[]>([]);
  const task = useTask<Evaluation>((log) => {
    const [verdict, file] = log.line.split('\t');
    if (verdict !== undefined && file !== undefined) setLive((rows) => [...rows, { verdict, file }]);
  }, 'An evaluation is running. Leave this screen and cancel it?');
  const jobCount = Number(jobs);
  const jobsProblem =
    Number.isInteger(jobCount) && jobCount >= 1 && jobCount <= 64 ? null : 'a whole number from 1 to 64';
  const running = task.state.status === 'running';

  return (
    <section aria-labelledby="evaluate-heading">
      <h1 id="evaluate-heading">Evaluate many bundles</h1>
      <p className="muted">
        Replays every bundle of a folder on the Docker engine in use, or as jobs of the Slurm cluster this machine
        submits to, and writes each report and a summary (CSV, JSON and HTML) into the output folder. Running it again
        with the same folders resumes: bundles already evaluated are not replayed again.
      </p>
      <form
        className="panel form-grid"
        aria-label="What to evaluate"
        onSubmit={(event) => {
          event.preventDefault();
          setLive([]);
          void task.start((options) =>
            api.evaluateBundles(
              {
                inputs: [folder.trim()],
                outDir: outDir.trim(),
                jobs: jobCount,
                engine,
                ...(engine === 'slurm' && partition.trim() !== '' ? { slurm: { partition: partition.trim() } } : {}),
                ...(dataDir.trim() === '' ? {} : { dataDir: dataDir.trim() }),
              },
              options,
            ),
          );
        }}
      >
        <PathField
          label="Bundles to evaluate (a folder)"
          value={folder}
          onChange={setFolder}
          purpose="data-folder"
          testId="evaluate-folder"
        />
        <PathField
          label="Reports and summary go to"
          value={outDir}
          onChange={setOutDir}
          purpose="data-folder"
          testId="evaluate-out"
        />
        <PathField label="Data folder (optional)" value={dataDir} onChange={setDataDir} purpose="data-folder" />
        <fieldset className="fieldset">
          <legend>Where the replays run</legend>
          <Radio
            id="evaluate-engine-local"
            name="evaluate-engine"
            checked={engine === 'local'}
            onSelect={() => setEngine('local')}
          >
            On the Docker engine in use
          </Radio>
          <Radio
            id="evaluate-engine-slurm"
            name="evaluate-engine"
            checked={engine === 'slurm'}
            onSelect={() => setEngine('slurm')}
          >
            As Slurm jobs, one per bundle, on the cluster&apos;s nodes (their engine; the folders must be shared)
          </Radio>
          {engine === 'slurm' && (
            <div className="field">
              <label htmlFor="evaluate-partition">Slurm partition (empty: the cluster&apos;s default)</label>
              <input
                id="evaluate-partition"
                className="input"
                value={partition}
                onChange={(event) => setPartition(event.target.value)}
              />
            </div>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor="evaluate-jobs">Replays at once</label>
          <input
            id="evaluate-jobs"
            className="input input--number"
            inputMode="numeric"
            value={jobs}
            aria-invalid={jobsProblem !== null}
            {...(jobsProblem === null ? {} : { 'aria-describedby': 'evaluate-jobs-problem' })}
            onChange={(event) => setJobs(event.target.value)}
          />
          {jobsProblem !== null && (
            <span className="field-error" id="evaluate-jobs-problem">
              {jobsProblem}
            </span>
          )}
        </div>
        <button
          type="submit"
          className="button"
          disabled={folder.trim() === '' || outDir.trim() === '' || jobsProblem !== null || running}
        >
          Evaluate
        </button>
      </form>
      {task.state.status === 'running' && (
        <ProgressView label="Evaluating" progress={task.state.progress} onCancel={task.cancel} />
      )}
      {running && live.length > 0 && (
        <ul className="plain-list" data-testid="evaluate-live" aria-label="Bundles evaluated so far">
          {live.map((row) => (
            <li key={row.file}>
              <span className={`badge ${badgeFor(row.verdict)}`}>{row.verdict}</span>{' '}
              <code>{escapeControls(baseName(row.file))}</code>
            </li>
          ))}
        </ul>
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {task.state.status === 'done' && <Summary evaluation={task.state.value} />}
    </section>
  );
}

function Summary({ evaluation }: { evaluation: Evaluation }): ReactNode {
  const reproduced = evaluation.rows.filter((row) => row.verdict === 'REPRODUCED').length;
  return (
    <section className="panel" aria-labelledby="evaluate-summary-heading">
      <h2 id="evaluate-summary-heading">
        {reproduced} of {evaluation.rows.length} reproduced
      </h2>
      <table className="table" data-testid="evaluate-summary">
        <caption className="visually-hidden">Every bundle evaluated, with its verdict</caption>
        <thead>
          <tr>
            <th scope="col">Bundle</th>
            <th scope="col">Signer</th>
            <th scope="col">Verdict</th>
            <th scope="col">Metrics that differ</th>
            <th scope="col">Time</th>
            <th scope="col">Why not reproduced</th>
            <th scope="col">Report</th>
          </tr>
        </thead>
        <tbody>
          {evaluation.rows.map((row) => (
            <tr key={row.file} data-verdict={row.verdict}>
              <td>
                <code>{escapeControls(baseName(row.file))}</code>
                {row.reused && <span className="muted"> (from the earlier evaluation)</span>}
              </td>
              <td>
                {escapeControls(row.signer ?? '—')} <span className="muted">{row.trust ?? ''}</span>
              </td>
              <td>
                <span className={`badge ${badgeFor(row.verdict)}`}>{row.verdict}</span>
                {row.image === 'frozen' && <span className="muted"> author&apos;s frozen image</span>}
              </td>
              <td>{escapeControls(row.mismatching.join(', '))}</td>
              <td>{(row.durationMs / 1000).toFixed(1)} s</td>
              <td>{escapeControls(row.firstError ?? '')}</td>
              <td>{row.report === null ? '—' : <code>{escapeControls(row.report.html)}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Summary: <code>{escapeControls(evaluation.summary.html)}</code> (also <code>summary.csv</code> and{' '}
        <code>summary.json</code> beside it).
      </p>
    </section>
  );
}
