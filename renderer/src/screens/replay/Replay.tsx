// The Replay screen: options (data folder or synthetic sample, network, limits, base image),
// a live phase indicator (verify → extract → data → build → run → compare), streaming build and
// run logs, Cancel; then the verdict, the metric table, the hardware diff, and saving the report.
import { useCallback, useState, type ReactNode } from 'react';
import type { Settings } from '../../../../main/shared/views';
import type { OperationResponse } from '../../../../main/contract/operations';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../components/ErrorMessage';
import { KeyPicker, passphraseFields, useSigningKeys } from '../../components/KeyPicker';
import { useReveal } from '../../hooks/use-reveal';
import { LimitsFields, limitsDraft, parseLimits } from '../../components/LimitsFields';
import { LogView, useLog } from '../../components/LogView';
import { PathField } from '../../components/PathField';
import {
  BuildLogTail,
  HardwareDiffTable,
  MetricComparisonTable,
  PackageDiffTable,
  VerdictBanner,
} from '../../components/ReplayResult';
import { formatDuration } from '../../format';
import { useOperation } from '../../hooks/use-operation';
import { useTask } from '../../hooks/use-task';
import { useNavigate } from '../../navigation';
import { Checkbox } from '../../components/Checkbox';
import { Radio } from '../../components/Radio';

type ReplayResult = OperationResponse<'replayBundle'>;

const PHASES = ['verify', 'extract', 'data', 'build', 'run', 'compare'] as const;

export interface ReplayProps {
  file: string;
  hasSamples: boolean;
  dataPointers: number;
  /** The bundle carries the author's frozen image (replayed unless the reviewer rebuilds). */
  frozen: boolean;
}

export function Replay({ file, hasSamples, dataPointers, frozen }: ReplayProps): ReactNode {
  const { api } = useApi();
  const navigate = useNavigate();
  const loadSettings = useCallback((signal: AbortSignal) => api.getSettings({}, { signal }), [api]);
  const settings = useOperation(loadSettings);
  const log = useLog();
  const task = useTask<ReplayResult>(log.append, 'A replay is running. Leave this screen and cancel it?');

  return (
    <div className="stack">
      <h1>Replay a bundle</h1>
      <p>
        <code>{file}</code>{' '}
        <button type="button" className="link-button" onClick={() => navigate({ screen: 'open', file })}>
          Back to the bundle
        </button>
      </p>
      {settings.state.status === 'failed' && <ErrorMessage error={settings.state.error} />}
      {settings.state.status === 'done' && (
        <ReplayOptions
          defaults={settings.state.value.limits}
          hasSamples={hasSamples}
          dataPointers={dataPointers}
          frozen={frozen}
          running={task.state.status === 'running'}
          onStart={(request) => {
            log.clear();
            void task.start((options) => api.replayBundle({ file, ...request }, options));
          }}
        />
      )}
      {task.state.status === 'running' && (
        <ReplayProgress
          phase={task.state.progress?.phase ?? 'verify'}
          message={task.state.progress?.message}
          onCancel={task.cancel}
        />
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {task.state.status === 'done' && <ReplayOutcome result={task.state.value} />}
      <LogView lines={log.lines} label="Build and run log" />
    </div>
  );
}

function PhaseIndicator({ phase, message }: { phase: string; message: string | undefined }): ReactNode {
  const current = PHASES.indexOf(phase as (typeof PHASES)[number]);
  return (
    <div role="status" aria-live="polite">
      <ol className="phases" data-testid="phases" data-phase={phase}>
        {PHASES.map((name, index) => (
          <li
            key={name}
            className={`phases__phase ${index < current ? 'phases__phase--done' : index === current ? 'phases__phase--current' : ''}`}
            aria-current={index === current ? 'step' : undefined}
          >
            {index < current ? '✔ ' : ''}
            {name}
          </li>
        ))}
      </ol>
      <p>
        <span className="spinner" aria-hidden="true" /> {message ?? phase}
      </p>
    </div>
  );
}

interface ReplayRequestOptions {
  dataDir?: string;
  sample: boolean;
  network: boolean;
  useShippedDockerfile: boolean;
  rebuild: boolean;
  cpus: number;
  memoryMB: number;
  timeoutSeconds: number;
  baseImage?: string;
}

function ReplayOptions(props: {
  defaults: Settings['limits'];
  hasSamples: boolean;
  dataPointers: number;
  frozen: boolean;
  running: boolean;
  onStart: (request: ReplayRequestOptions) => void;
}): ReactNode {
  const [source, setSource] = useState<'data' | 'sample'>('data');
  const [dataDir, setDataDir] = useState('');
  const [network, setNetwork] = useState(false);
  const [useShippedDockerfile, setUseShippedDockerfile] = useState(false);
  const [rebuild, setRebuild] = useState(false);
  const [limitsText, setLimitsText] = useState(limitsDraft(props.defaults));
  const [baseImage, setBaseImage] = useState('');
  const limits = parseLimits(limitsText);
  return (
    <form
      className="panel form-grid"
      aria-label="Replay options"
      onSubmit={(event) => {
        event.preventDefault();
        if (limits === null) return;
        props.onStart({
          sample: source === 'sample',
          network,
          useShippedDockerfile,
          rebuild,
          ...limits,
          ...(source === 'data' && dataDir.trim() !== '' ? { dataDir: dataDir.trim() } : {}),
          ...(baseImage.trim() === '' ? {} : { baseImage: baseImage.trim() }),
        });
      }}
    >
      <h2>Options</h2>
      <fieldset className="fieldset">
        <legend>Data</legend>
        <Radio id="replay-real" name="replay-source" checked={source === 'data'} onSelect={() => setSource('data')}>
          Real data
          {props.dataPointers === 0
            ? ' (everything is inside the bundle)'
            : ` (${props.dataPointers} data pointer(s): from a folder, the cache, or downloaded)`}
        </Radio>
        {props.hasSamples && (
          <Radio
            id="replay-sample"
            name="replay-source"
            checked={source === 'sample'}
            onSelect={() => setSource('sample')}
          >
            Synthetic sample (a smoke test: it checks the pipeline runs, never that the numbers reproduce)
          </Radio>
        )}
        {source === 'data' && props.dataPointers > 0 && (
          <PathField
            label="Data folder"
            value={dataDir}
            onChange={setDataDir}
            purpose="data-folder"
            hint="A folder holding the data at the paths the project uses (e.g. the author's project folder)."
          />
        )}
      </fieldset>
      <fieldset className="fieldset">
        <legend>Sandbox</legend>
        {props.frozen && (
          <Checkbox id="replay-rebuild" checked={rebuild} onChange={setRebuild}>
            Build the image from the recipe instead of running the author&apos;s frozen image (which is checked and
            loaded, with nothing pulled or built, by default)
          </Checkbox>
        )}
        <Checkbox id="replay-network" checked={network} onChange={setNetwork}>
          Let the run use the network (off by default)
        </Checkbox>
        <Checkbox id="replay-shipped-dockerfile" checked={useShippedDockerfile} onChange={setUseShippedDockerfile}>
          Build the bundle&apos;s own Dockerfile even if it differs from the one generated from its manifest (only after
          reading the difference a refused replay shows)
        </Checkbox>
        <LimitsFields draft={limitsText} onChange={setLimitsText} />
        <div className="field">
          <label htmlFor="replay-base-image">Build from another base image (empty: the recorded one)</label>
          <input
            id="replay-base-image"
            className="input"
            value={baseImage}
            onChange={(event) => setBaseImage(event.target.value)}
          />
        </div>
      </fieldset>
      <button type="submit" className="button" disabled={props.running || limits === null}>
        Start the replay
      </button>
    </form>
  );
}

/** The replay's phase and its Cancel button, scrolled into view when the replay starts. */
function ReplayProgress(props: { phase: string; message: string | undefined; onCancel: () => void }): ReactNode {
  const reveal = useReveal<HTMLElement>();
  return (
    <section className="panel" aria-label="Replay in progress" ref={reveal}>
      <PhaseIndicator phase={props.phase} message={props.message} />
      <button type="button" className="button button--quiet" onClick={props.onCancel}>
        Cancel the replay
      </button>
    </section>
  );
}

function ReplayOutcome({ result }: { result: ReplayResult }): ReactNode {
  const report = result.report;
  // The verdict comes into view, and takes the focus, when it arrives.
  const reveal = useReveal<HTMLElement>({ focus: true });
  return (
    <section className="stack" aria-label="Replay result" data-testid="replay-result" ref={reveal} tabIndex={-1}>
      <VerdictBanner report={report} />
      {report.verification.problems.length > 0 && (
        <ul className="findings">
          {report.verification.problems.map((problem) => (
            <li key={problem} className="finding finding--error">
              {problem}
            </li>
          ))}
        </ul>
      )}
      <MetricComparisonTable metrics={report.metrics} />
      <HardwareDiffTable differences={report.hardware} />
      <PackageDiffTable difference={report.packages} />
      <BuildLogTail report={report} />
      {report.data.length > 0 && (
        <ul className="plain-list">
          {report.data.map((entry) => (
            <li key={entry.path}>
              <code>{entry.path}</code>: {entry.source}. {entry.note}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">
        Time per phase:{' '}
        {Object.entries(report.timings)
          .map(([phase, ms]) => `${phase} ${formatDuration(ms)}`)
          .join(' · ')}
      </p>
      {report.run !== null && report.verdict === 'FAILED' && report.run.stderrTail.trim() !== '' && (
        <details open>
          <summary>Errors from the run (last lines)</summary>
          <pre className="log">{report.run.stderrTail}</pre>
        </details>
      )}
      <SaveReport reportId={result.reportId} bundle={report.file} />
      <SignResult reportId={result.reportId} bundle={report.file} />
    </section>
  );
}

/**
 * Where a file about this replay is saved by default: beside the bundle, named after it — never in
 * the replay's work folder, which "Free disk space" removes.
 */
function besideBundle(bundle: string, suffix: string): string {
  return `${bundle.replace(/\.(rbundle|zip)$/i, '')}${suffix}`;
}

function SaveReport({ reportId, bundle }: { reportId: string; bundle: string }): ReactNode {
  const { api } = useApi();
  const [output, setOutput] = useState(besideBundle(bundle, '.replay-report.html'));
  const [overwrite, setOverwrite] = useState(false);
  const task = useTask<{ file: string }>();
  const format = output.toLowerCase().endsWith('.json') ? 'json' : 'html';
  return (
    <form
      className="panel"
      aria-label="Save the report"
      onSubmit={(event) => {
        event.preventDefault();
        void task.start((options) =>
          api.saveReplayReport({ reportId, format, output: output.trim(), overwrite }, options),
        );
      }}
    >
      <h2>Save the report</h2>
      <PathField
        label="Report file (.html for people, .json for tools)"
        value={output}
        onChange={setOutput}
        purpose={format === 'json' ? 'save-report-json' : 'save-report-html'}
        testId="report-output"
      />
      <Checkbox id="report-overwrite" checked={overwrite} onChange={setOverwrite}>
        Replace the report file if it exists
      </Checkbox>
      <button type="submit" className="button" disabled={output.trim() === ''}>
        Save as {format.toUpperCase()}
      </button>
      {task.state.status === 'done' && (
        <p role="status" data-testid="report-saved">
          Saved to <code>{task.state.value.file}</code>.
        </p>
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
    </form>
  );
}

/** "Sign this result": an attestation of this replay, signed with one of the user's keys. */
function SignResult({ reportId, bundle }: { reportId: string; bundle: string }): ReactNode {
  const { api } = useApi();
  const keys = useSigningKeys();
  const [keyId, setKeyId] = useState('default');
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(false);
  const [output, setOutput] = useState(besideBundle(bundle, '.intoto.json'));
  const [overwrite, setOverwrite] = useState(false);
  const task = useTask<OperationResponse<'attestReplay'>>();
  const key = keys.pick(keyId);
  return (
    <form
      className="panel form-grid"
      aria-label="Sign this result"
      onSubmit={(event) => {
        event.preventDefault();
        if (key === undefined) return;
        void task
          .start((options) =>
            api.attestReplay(
              {
                reportId,
                keyId: key.id,
                output: output.trim(),
                overwrite,
                ...passphraseFields(key, passphrase, remember),
              },
              options,
            ),
          )
          .then(keys.rerun); // a remembered passphrase shows as unlocked from now on
      }}
    >
      <h2>Sign this result</h2>
      <p>
        An attestation others can check (in-toto statement in a DSSE envelope): this bundle, this verdict, every metric,
        this machine, signed with your key.
      </p>
      {keys.state.status === 'done' && key === undefined && (
        <p className="note">You have no signing key: create one in Settings first.</p>
      )}
      {key !== undefined && (
        <KeyPicker
          label="Sign with"
          keys={keys.keys}
          selected={key}
          onSelect={setKeyId}
          passphrase={passphrase}
          onPassphrase={setPassphrase}
          remember={remember}
          onRemember={setRemember}
          onKeysChanged={keys.rerun}
        />
      )}
      <PathField
        label="Attestation file"
        value={output}
        onChange={setOutput}
        purpose="save-report-json"
        testId="attestation-output"
      />
      <Checkbox id="attestation-overwrite" checked={overwrite} onChange={setOverwrite}>
        Replace it if the file exists
      </Checkbox>
      <button
        type="submit"
        className="button"
        disabled={key === undefined || output.trim() === '' || task.state.status === 'running'}
      >
        Sign this result
      </button>
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {task.state.status === 'done' && (
        <p role="status" data-testid="attestation-written">
          Signed {task.state.value.verdict} for {task.state.value.subject.name} as {task.state.value.attester.name}:{' '}
          <code>{task.state.value.file}</code>
        </p>
      )}
    </form>
  );
}
