// The Create wizard: one step per concern (docs/gui.md), each showing what the scan detected
// and letting the author correct it, with Back/Next, a step list to jump back, and a summary of
// problems before signing. The answers are kept by the wizard store (they survive visits to
// other screens); the steps read and change them.
import { useRef, type ReactNode } from 'react';
import { DataStep } from './steps/DataStep';
import { HardwareStep, ParamsStep } from './steps/DetailsSteps';
import { EnvironmentStep } from './steps/EnvironmentStep';
import { FilesStep } from './steps/FilesStep';
import { ProjectStep } from './steps/ProjectStep';
import { RunStep } from './steps/RunStep';
import { SamplesStep } from './steps/SamplesStep';
import { SignStep } from './steps/SignStep';
import { SubmissionStep } from './steps/SubmissionStep';
import { useWizardStore } from './wizard-store';
import { STEPS, unresolvedSecrets, type StepId, type StepProps, type WizardState } from './wizard-state';

const STEP_COMPONENTS: Record<StepId, (props: StepProps) => ReactNode> = {
  project: ProjectStep,
  files: FilesStep,
  data: DataStep,
  params: ParamsStep,
  environment: EnvironmentStep,
  hardware: HardwareStep,
  samples: SamplesStep,
  run: RunStep,
  sign: SignStep,
  submission: SubmissionStep,
};

/** Why the author cannot go on from this step yet, if anything stops them. */
function blockedReason(step: StepId, state: WizardState): string | null {
  if (step === 'project' && state.scan === null) return 'Scan a project folder first.';
  if (step === 'files' && unresolvedSecrets(state).length > 0)
    return 'Resolve every secret first: leave the file out, or keep it knowingly.';
  return null;
}

export function CreateWizard(): ReactNode {
  const { state, setState, step: current, setStep: setCurrent, reset } = useWizardStore();
  const heading = useRef<HTMLHeadingElement>(null);
  const index = STEPS.findIndex((step) => step.id === current);
  const update = (patch: Partial<WizardState>): void => setState((previous) => ({ ...previous, ...patch }));
  const goTo = (step: StepId): void => {
    setCurrent(step);
    // Focus the new step's heading so keyboard and screen-reader users land on it.
    requestAnimationFrame(() => heading.current?.focus());
  };
  const blocked = blockedReason(current, state);
  const Step = STEP_COMPONENTS[current];
  const meta = STEPS[index] as (typeof STEPS)[number];

  return (
    <div className="wizard">
      <header className="wizard__header">
        <h1>Create a bundle</h1>
        {state.scan !== null && (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              if (window.confirm('Start over? Every answer in this wizard is cleared (a bundle already saved stays).'))
                reset();
            }}
          >
            Start over
          </button>
        )}
      </header>
      <nav aria-label="Wizard steps">
        <ol className="steps">
          {STEPS.map((step, position) => (
            <li key={step.id}>
              <button
                type="button"
                className="steps__step"
                aria-current={step.id === current ? 'step' : undefined}
                disabled={state.scan === null && step.id !== 'project'}
                onClick={() => goTo(step.id)}
              >
                <span className="steps__number" aria-hidden="true">
                  {position + 1}
                </span>{' '}
                {step.title}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <section className="panel wizard__step" aria-labelledby="step-heading" data-testid={`step-${current}`}>
        <h2 id="step-heading" ref={heading} tabIndex={-1}>
          Step {index + 1} of {STEPS.length}: {meta.title}
        </h2>
        <Step state={state} update={update} goTo={goTo} />
      </section>
      <div className="wizard__footer">
        <button
          type="button"
          className="button button--quiet"
          disabled={index === 0}
          onClick={() => goTo(STEPS[index - 1]?.id ?? 'project')}
        >
          Back
        </button>
        {blocked !== null && (
          <p className="note" id="next-blocked">
            {blocked}
          </p>
        )}
        {index < STEPS.length - 1 && (
          <button
            type="button"
            className="button"
            disabled={blocked !== null}
            aria-describedby={blocked === null ? undefined : 'next-blocked'}
            onClick={() => goTo(STEPS[index + 1]?.id ?? 'sign')}
          >
            Next
          </button>
        )}
      </div>
    </div>
  );
}
