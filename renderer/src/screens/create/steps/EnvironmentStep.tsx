// Step 5: how the environment is rebuilt: environment files and runtimes found, the recipe plan
// (which recipe installs what, which Python and why, the versions pip is held to, the author's own
// build steps, what the author's interpreter had), the lint findings, the base image, and the
// Dockerfile the bundle will carry, read-only and highlighted.
import { useCallback, useState, type ReactNode } from 'react';
import type { ScanSummary } from '../../../../../main/shared/views';
import { useApi } from '../../../api/api-context';
import { Checkbox } from '../../../components/Checkbox';
import { CodeBlock } from '../../../components/CodeBlock';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { FindingsList } from '../../../components/ProjectViews';
import { useOperation } from '../../../hooks/use-operation';
import type { StepProps } from '../wizard-state';

export function EnvironmentStep({ state, update }: StepProps): ReactNode {
  const { api } = useApi();
  const scan = state.scan as ScanSummary;
  const [imageDraft, setImageDraft] = useState(state.baseImage);
  const { baseImage, run, extras, requirements } = state;
  const available = scan.environment.build?.extrasAvailable ?? [];
  const requirementsFiles = scan.environment.files
    .filter((file) => file.kind === 'pip requirements')
    .map((file) => file.path);
  const preview = useCallback(
    (signal: AbortSignal) =>
      api.previewDockerfile(
        {
          projectName: scan.name,
          // The Dockerfile as it will be, with the extras chosen below.
          environment:
            scan.environment.build === undefined
              ? scan.environment
              : {
                  ...scan.environment,
                  build: {
                    ...scan.environment.build,
                    extras,
                    ...(requirements === '' ? {} : { requirements }),
                  },
                },
          command: run.trim() === '' ? null : run.trim(),
          ...(baseImage.trim() === '' ? {} : { baseImage: baseImage.trim() }),
        },
        { signal },
      ),
    [api, scan, baseImage, run, extras, requirements],
  );
  const { state: dockerfile } = useOperation(preview);

  return (
    <>
      <h3 className="subheading">Environment files</h3>
      {scan.environment.files.length === 0 ? (
        <p className="muted">
          No environment file was found (requirements.txt, pyproject.toml, a lockfile, environment.yml).
        </p>
      ) : (
        <ul className="plain-list" data-testid="environment-files">
          {scan.environment.files.map((file) => (
            <li key={file.path}>
              <code>{file.path}</code> <span className="muted">({file.kind})</span>
            </li>
          ))}
        </ul>
      )}
      {scan.environment.runtimes.length > 0 && (
        <p>
          Runtime:{' '}
          {scan.environment.runtimes
            .map((runtime) => `${runtime.language} ${runtime.version} (from ${runtime.source})`)
            .join('; ')}
        </p>
      )}
      {requirementsFiles.length > 1 && (
        <div className="field">
          <label htmlFor="requirements-file">Requirements file pip installs</label>
          <select
            id="requirements-file"
            className="input"
            value={requirements}
            onChange={(event) => update({ requirements: event.target.value })}
          >
            <option value="">
              {scan.environment.build?.requirements
                ? `${scan.environment.build.requirements} (the scan's choice)`
                : 'none (the scan could not choose)'}
            </option>
            {requirementsFiles
              .filter((file) => file !== scan.environment.build?.requirements)
              .map((file) => (
                <option key={file} value={file}>
                  {file}
                </option>
              ))}
          </select>
        </div>
      )}
      {available.length > 0 && (
        <fieldset className="fieldset" data-testid="extras">
          <legend>Extras to install (the ones the experiment ran with)</legend>
          {available.map((extra) => (
            <Checkbox
              key={extra}
              id={`extra-${extra}`}
              checked={extras.includes(extra)}
              onChange={(checked) =>
                update({ extras: checked ? [...extras, extra].sort() : extras.filter((name) => name !== extra) })
              }
            >
              <code>{extra}</code>
            </Checkbox>
          ))}
        </fieldset>
      )}
      <RecipePlan
        scan={scan}
        extras={extras}
        requirements={requirements}
        plan={dockerfile.status === 'done' ? dockerfile.value.plan : undefined}
      />
      <h3 className="subheading">Findings</h3>
      <FindingsList
        findings={[...scan.environment.findings, ...scan.findings]}
        empty="No problems found with the environment."
      />
      <h3 className="subheading">Base image</h3>
      <form
        className="field"
        onSubmit={(event) => {
          event.preventDefault();
          update({ baseImage: imageDraft });
        }}
      >
        <label htmlFor="base-image">Base image (empty: chosen from the detected runtime)</label>
        <div className="field__row">
          <input
            id="base-image"
            className="input"
            value={imageDraft}
            placeholder="e.g. python:3.11-slim"
            onChange={(event) => setImageDraft(event.target.value)}
            onBlur={() => update({ baseImage: imageDraft })}
          />
          <button type="submit" className="button button--quiet">
            Use this image
          </button>
        </div>
      </form>
      <h3 className="subheading">Dockerfile</h3>
      {dockerfile.status === 'running' && <p className="muted">Generating…</p>}
      {dockerfile.status === 'failed' && <ErrorMessage error={dockerfile.error} />}
      {dockerfile.status === 'done' && (
        <>
          <p>
            From <code>{dockerfile.value.baseImage.ref}</code> ({dockerfile.value.baseImage.source}
            {dockerfile.value.baseImage.digest === null
              ? '; not pinned by digest, because the engine has no registry digest for it'
              : ', pinned by digest'}
            ).
          </p>
          {dockerfile.value.baseImage.present === false && (
            <p className="note note--warning" role="status" data-testid="base-image-missing">
              The base image <code>{dockerfile.value.baseImage.ref}</code> is not on this machine&apos;s Docker engine:
              a pre-flight or a replay must pull it from its registry, which fails offline. Choose an image the engine
              has (the base image field above), or pull or build it first.
            </p>
          )}
          <CodeBlock
            text={dockerfile.value.dockerfile}
            language="dockerfile"
            label="Generated Dockerfile"
            testId="dockerfile"
          />
        </>
      )}
    </>
  );
}

/**
 * How the image will be built, in words: the recipe and the files it installs, which Python and
 * why, the versions pip is held to, what the author's own files do, and what the interpreter that
 * ran the experiment had (the manifest records it; a replay compares the image with it).
 */
function RecipePlan({
  scan,
  extras,
  requirements,
  plan,
}: {
  scan: ScanSummary;
  extras: readonly string[];
  /** The author's choice of requirements file ('' for the scan's). */
  requirements: string;
  plan: { recipe: string | null; authorSteps: string[]; notInstalled: string[] } | undefined;
}): ReactNode {
  const build = scan.environment.build;
  const installed = scan.environment.installed ?? null;
  const constraints = build?.constraints ?? [];
  return (
    <>
      <h3 className="subheading">How the image is built</h3>
      <dl className="facts" data-testid="recipe-plan">
        <dt>Recipe</dt>
        <dd>
          {build?.dockerfile
            ? `the project's own ${build.dockerfile.path} (from ${build.dockerfile.from}), built first; ReproBundle adds only the user, the project and the command`
            : plan === undefined
              ? '…'
              : plan.recipe === null
                ? 'no dependencies declared: the base image as it is'
                : [
                    plan.recipe,
                    ...(requirements || build?.requirements ? [`installs ${requirements || build?.requirements}`] : []),
                    ...(build?.conda ? [`creates the environment in ${build.conda}, active for the command`] : []),
                    ...(build?.installProject ? ['installs the project itself (its package files)'] : []),
                    ...(extras.length > 0 ? [`with the extras ${extras.join(', ')}`] : []),
                  ].join('; ')}
        </dd>
        {build?.python && (
          <>
            <dt>Python</dt>
            <dd>
              {build.python.version}, because: {build.python.source}
            </dd>
          </>
        )}
        {constraints.length > 0 && (
          <>
            <dt>Held to</dt>
            <dd>
              <details>
                <summary>
                  {constraints.length} version{constraints.length === 1 ? '' : 's'} the experiment ran with, for what
                  the requirements reach (pins are never overridden)
                </summary>
                <p className="muted">{constraints.map((entry) => `${entry.name}==${entry.version}`).join(', ')}</p>
              </details>
            </dd>
          </>
        )}
        {plan !== undefined && plan.authorSteps.length > 0 && (
          <>
            <dt>Author build steps</dt>
            <dd>{plan.authorSteps.join('; ')} (every replay report will say so)</dd>
          </>
        )}
        {plan !== undefined && plan.notInstalled.length > 0 && (
          <>
            <dt>Not installed</dt>
            <dd>{plan.notInstalled.join(', ')} (see the findings)</dd>
          </>
        )}
        <dt>Recorded</dt>
        <dd>
          {installed === null ? (
            <span className="muted">no Python interpreter found to record</span>
          ) : (
            <details>
              <summary>
                Python {installed.python} ({installed.source}) with {installed.distributions.length} packages
              </summary>
              <p className="muted">
                {installed.distributions.map((entry) => `${entry.name} ${entry.version}`).join(', ')}
              </p>
            </details>
          )}
        </dd>
      </dl>
    </>
  );
}
