// What a bundle records, one tab per concern: files (with a read-only viewer for text), params,
// environment and Dockerfile, hardware, data pointers, synthetic samples with their reports,
// and the recorded results.
import { useCallback, useState, type ReactNode } from 'react';
import type { ManifestView as Manifest } from '../../../../main/shared/views';
import { useApi } from '../../api/api-context';
import { CodeBlock } from '../../components/CodeBlock';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FidelityReport } from '../../components/FidelityReport';
import {
  DataPointersTable,
  FindingsList,
  HardwareTable,
  ParamsTable,
  RecordedMetricsTable,
} from '../../components/ProjectViews';
import { PagedFileList } from '../../components/PagedFileList';
import { Tabs } from '../../components/Tabs';
import { formatBytes, plural } from '../../format';
import { useOperation } from '../../hooks/use-operation';
import { escapeControls } from '../../../../main/shared/format';
import { DOCKERFILE_NAME } from '../../../../main/shared/layout';

export function BundleTabs({ file, manifest }: { file: string; manifest: Manifest }): ReactNode {
  return (
    <section className="panel" aria-label="Bundle contents" data-testid="bundle-tabs">
      <Tabs
        label="Bundle contents"
        tabs={[
          {
            id: 'files',
            label: `Files (${manifest.fileCounts.project.files})`,
            render: () => <FilesTab file={file} manifest={manifest} />,
          },
          {
            id: 'params',
            label: 'Params',
            render: () => <ParamsTable values={manifest.params.values} files={manifest.params.files} />,
          },
          { id: 'environment', label: 'Environment', render: () => <EnvironmentTab file={file} manifest={manifest} /> },
          { id: 'hardware', label: 'Hardware', render: () => <HardwareTable hardware={manifest.hardware} /> },
          {
            id: 'data',
            label: `Data (${manifest.dataPointers.length})`,
            render: () => <DataPointersTable pointers={manifest.dataPointers} />,
          },
          {
            id: 'samples',
            label: `Samples (${manifest.samples.length})`,
            render: () => <SamplesTab file={file} manifest={manifest} />,
          },
          { id: 'results', label: 'Results', render: () => <ResultsTab manifest={manifest} /> },
        ]}
      />
    </section>
  );
}

function FilesTab({ file, manifest }: { file: string; manifest: Manifest }): ReactNode {
  const [selected, setSelected] = useState<string | null>(null);
  const git = manifest.project.git;
  const counts = manifest.fileCounts;
  return (
    <div className="files-tab">
      <dl className="facts">
        <dt>Project</dt>
        <dd>{manifest.project.name}</dd>
        <dt>Created</dt>
        <dd>
          {new Date(manifest.createdAt).toLocaleString()} with {manifest.createdBy.app} {manifest.createdBy.version}
        </dd>
        <dt>git</dt>
        <dd>
          {git === null
            ? 'not recorded'
            : `${git.branch ?? 'detached'} @ ${git.commit ?? '?'}${git.remote === null ? '' : ` (${git.remote})`}${git.changes.length > 0 ? `, ${plural(git.changes.length, 'uncommitted change')}` : ''}`}
        </dd>
        <dt>Files</dt>
        <dd data-testid="file-counts">
          {plural(counts.project.files, 'project file')} ({formatBytes(counts.project.bytes)})
          {counts.samples > 0 && `, ${plural(counts.samples, 'sample file')}`}
          {counts.image > 0 && `, ${plural(counts.image, 'frozen image file')}`}; ReproBundle's own:{' '}
          {counts.own.join(', ')}
        </dd>
        <dt>Left out</dt>
        <dd>
          {plural(manifest.exclusions.length, 'path')}; secrets kept knowingly:{' '}
          {manifest.secretOverrides.length === 0
            ? 'none'
            : manifest.secretOverrides.map((override) => override.path).join(', ')}
        </dd>
      </dl>
      <div className="files-tab__split">
        <PagedFileList file={file} selected={selected} onSelect={setSelected} />
        <div className="viewer">
          {selected === null ? (
            <p className="muted">Choose a file to view it.</p>
          ) : (
            <EntryViewer key={selected} file={file} entry={selected} />
          )}
        </div>
      </div>
    </div>
  );
}

function EntryViewer({ file, entry }: { file: string; entry: string }): ReactNode {
  const { api } = useApi();
  const load = useCallback(
    (signal: AbortSignal) => api.readBundleEntry({ file, entry }, { signal }),
    [api, file, entry],
  );
  const { state } = useOperation(load);
  if (state.status === 'running') return <p className="muted">Reading {entry}…</p>;
  if (state.status === 'failed') return <ErrorMessage error={state.error} />;
  const value = state.value;
  if (value.kind === 'binary')
    return (
      <p className="muted">
        {entry} is a binary file ({formatBytes(value.size)}); it is not shown.
      </p>
    );
  if (value.kind === 'too-large')
    return (
      <p className="muted">
        {entry} is {formatBytes(value.size)}; the viewer shows text files up to {formatBytes(value.limit)}.
      </p>
    );
  return (
    <CodeBlock
      text={value.text ?? ''}
      language={/(^|\/)Dockerfile$/.test(entry) ? 'dockerfile' : 'text'}
      label={`Content of ${entry}`}
      testId="file-viewer"
    />
  );
}

function EnvironmentTab({ file, manifest }: { file: string; manifest: Manifest }): ReactNode {
  const image = manifest.replay.baseImage;
  return (
    <>
      <h3 className="subheading">Environment files</h3>
      <ul className="plain-list">
        {manifest.environment.files.map((entry) => (
          <li key={entry.path}>
            <code>{escapeControls(entry.path)}</code> <span className="muted">({entry.kind})</span>
          </li>
        ))}
        {manifest.environment.files.length === 0 && <li className="muted">none recorded</li>}
      </ul>
      <FindingsList findings={manifest.environment.findings} empty="No environment findings were recorded." />
      <h3 className="subheading">Dockerfile</h3>
      <p>
        Base image <code>{image.ref}</code> ({image.source};{' '}
        {image.digest === null ? 'not pinned by digest' : 'pinned by digest'}). Entrypoint:{' '}
        {manifest.entrypoint === null ? 'none recorded' : <code>{manifest.entrypoint.command}</code>}
      </p>
      <EntryViewer file={file} entry={DOCKERFILE_NAME} />
      <FrozenImageSection manifest={manifest} />
    </>
  );
}

/** A frozen bundle's stored image (docs/FORMAT.md, "Frozen images"): what a replay loads by default. */
function FrozenImageSection({ manifest }: { manifest: Manifest }): ReactNode {
  const image = manifest.image;
  if (image === null) return null;
  const platform = [image.platform.os, image.platform.architecture, image.platform.variant].filter(Boolean).join('/');
  return (
    <section data-testid="frozen-image">
      <h3 className="subheading">Frozen image</h3>
      <p>
        The author's built image is stored in the bundle ({image.format}, {platform}, {formatBytes(image.size)}{' '}
        uncompressed, built with {escapeControls(image.builtWith.engine)} {escapeControls(image.builtWith.version)}). A
        replay checks and loads it — nothing is pulled or built — unless you choose to rebuild from the recipe above.
      </p>
      <p>
        Config <code className="wrap-anywhere">{image.config.digest}</code>
      </p>
      <ol className="plain-list">
        {image.layers.map((layer, index) => (
          <li key={index}>
            Layer {index + 1}: <code className="wrap-anywhere">{layer.diffId}</code>{' '}
            <span className="muted">({formatBytes(layer.size)})</span>
          </li>
        ))}
      </ol>
      <p className="muted">
        By hand, from the unpacked bundle: <code>tar -C image -c . | docker load</code>
      </p>
    </section>
  );
}

function SamplesTab({ file, manifest }: { file: string; manifest: Manifest }): ReactNode {
  if (manifest.samples.length === 0) return <p className="muted">This bundle ships no synthetic sample.</p>;
  return (
    <ul className="plain-list">
      {manifest.samples.map((sample) => (
        <li key={sample.dataset} className="sample">
          <p>
            <code>{sample.dataset}</code>: {sample.rows} synthetic rows in <code>{sample.file}</code>
          </p>
          <SampleReport file={file} entry={sample.report} />
        </li>
      ))}
    </ul>
  );
}

function SampleReport({ file, entry }: { file: string; entry: string }): ReactNode {
  const { api } = useApi();
  const load = useCallback((signal: AbortSignal) => api.sampleReport({ file, entry }, { signal }), [api, file, entry]);
  const { state } = useOperation(load);
  if (state.status === 'running') return <p className="muted">Reading the report…</p>;
  if (state.status === 'failed') return <ErrorMessage error={state.error} />;
  return <FidelityReport report={state.value.fidelity} testId={`bundle-fidelity:${entry}`} />;
}

function ResultsTab({ manifest }: { manifest: Manifest }): ReactNode {
  return (
    <>
      <RecordedMetricsTable metrics={manifest.results.metrics} />
      {manifest.preflight !== null && (
        <p>
          Checked before signing: {plural(manifest.preflight.runs, 'pre-flight run')} in a container
          {manifest.preflight.varying.length > 0 &&
            `; varying: ${manifest.preflight.varying.map((variation) => `${variation.name} (${variation.min}–${variation.max})`).join(', ')}`}
          .
        </p>
      )}
    </>
  );
}
