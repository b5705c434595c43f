// Step 7: synthetic samples, for reviewers without the real data: choose the datasets to ship a
// sample of, generate a preview, and read its fidelity and privacy report (a chart per column).
import type { ReactNode } from 'react';
import type { FidelityReport as Fidelity, ScanSummary } from '../../../../../main/shared/views';
import type { OperationResponse } from '../../../../../main/contract/operations';
import { useApi } from '../../../api/api-context';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { FidelityReport } from '../../../components/FidelityReport';
import { ProgressView } from '../../../components/ProgressView';
import { useTask } from '../../../hooks/use-task';
import type { StepProps } from '../wizard-state';

export function SamplesStep({ state, update }: StepProps): ReactNode {
  const scan = state.scan as ScanSummary;
  if (scan.sampleCandidates.length === 0) {
    return (
      <p className="muted">No dataset in a format ReproBundle can sample (CSV, TSV, JSON Lines, Parquet) was found.</p>
    );
  }
  return (
    <>
      <p>
        A synthetic sample has the columns and formats of the real data but none of its rows, so a reviewer without the
        data can check the pipeline runs. Each sample is checked for closeness to the real records before it is written.
      </p>
      <ul className="plain-list">
        {scan.sampleCandidates.map((dataset) => (
          <SampleCandidate
            key={dataset}
            dataset={dataset}
            projectDir={scan.root}
            chosen={state.samples.includes(dataset)}
            report={state.sampleReports[dataset] ?? null}
            onChoose={(chosen) =>
              update({
                samples: chosen ? [...state.samples, dataset] : state.samples.filter((entry) => entry !== dataset),
              })
            }
            onReport={(report) => update({ sampleReports: { ...state.sampleReports, [dataset]: report } })}
          />
        ))}
      </ul>
    </>
  );
}

function SampleCandidate(props: {
  dataset: string;
  projectDir: string;
  chosen: boolean;
  report: Fidelity | null;
  onChoose: (chosen: boolean) => void;
  onReport: (report: Fidelity) => void;
}): ReactNode {
  const { api } = useApi();
  const task = useTask<OperationResponse<'synthesizeSample'>>();
  const generate = async (): Promise<void> => {
    const result = await task.start((options) =>
      api.synthesizeSample({ projectDir: props.projectDir, dataset: props.dataset }, options),
    );
    if (result === undefined) return;
    props.onReport(result.fidelity);
    // A sample generated and checked is one the author means to ship: ticked (and can be unticked).
    props.onChoose(true);
  };
  const id = `sample-${props.dataset.replace(/[^A-Za-z0-9]/g, '-')}`;
  return (
    <li className="sample" data-testid={`sample:${props.dataset}`}>
      <div className="button-row">
        <input
          type="checkbox"
          id={id}
          checked={props.chosen}
          onChange={(event) => props.onChoose(event.target.checked)}
        />
        <label htmlFor={id}>
          Ship a synthetic sample of <code>{props.dataset}</code>
        </label>
        <button
          type="button"
          className="button button--quiet button--small"
          disabled={task.state.status === 'running'}
          onClick={() => void generate()}
        >
          {props.report === null ? 'Generate and check' : 'Generate again'}
        </button>
      </div>
      {task.state.status === 'running' && (
        <ProgressView label={`Synthesizing ${props.dataset}`} progress={task.state.progress} onCancel={task.cancel} />
      )}
      {task.state.status === 'failed' && <ErrorMessage error={task.state.error} />}
      {task.state.status === 'done' && (
        <p className="muted">
          {task.state.value.rows} synthetic rows from {task.state.value.realRows} real ones.
        </p>
      )}
      {props.report !== null && <FidelityReport report={props.report} testId={`fidelity:${props.dataset}`} />}
    </li>
  );
}
