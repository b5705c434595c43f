// Step 10 (optional): the signed bundle prepared for a paper submission: its reproducibility
// checklist, and a review or camera-ready copy.
import type { ReactNode } from 'react';
import { SubmissionPanel } from '../../submission/SubmissionPanel';
import type { StepProps } from '../wizard-state';

export function SubmissionStep({ state, goTo }: StepProps): ReactNode {
  if (state.created === null) {
    return (
      <p>
        Sign and save the bundle first; then its checklist and submission copies are made here.{' '}
        <button type="button" className="link-button" onClick={() => goTo('sign')}>
          Go to Sign and save
        </button>
      </p>
    );
  }
  return (
    <>
      <p>
        Optional. <code>{state.created}</code> is ready to share. For a paper, check what reviewers will look for, then
        export a review copy (double-blind) or the camera-ready copy.
      </p>
      <SubmissionPanel file={state.created} />
    </>
  );
}
