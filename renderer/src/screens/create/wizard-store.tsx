// Keeps the Create wizard's answers and step while the user visits other screens (to check a
// setting, open another bundle): coming back to Create resumes where they were. Lives above
// the screens, for the session; "Start over" clears it.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { INITIAL_STATE, type StepId, type WizardState } from './wizard-state';

interface WizardStore {
  state: WizardState;
  setState: (update: (previous: WizardState) => WizardState) => void;
  step: StepId;
  setStep: (step: StepId) => void;
  reset: () => void;
}

const WizardStoreContext = createContext<WizardStore | undefined>(undefined);

export function WizardStoreProvider({ children }: { children: ReactNode }): ReactNode {
  const [state, setState] = useState<WizardState>(INITIAL_STATE);
  const [step, setStep] = useState<StepId>('project');
  const store = useMemo<WizardStore>(
    () => ({
      state,
      setState,
      step,
      setStep,
      reset: () => {
        setState(INITIAL_STATE);
        setStep('project');
      },
    }),
    [state, step],
  );
  return <WizardStoreContext.Provider value={store}>{children}</WizardStoreContext.Provider>;
}

export function useWizardStore(): WizardStore {
  const store = useContext(WizardStoreContext);
  if (store === undefined) throw new Error('useWizardStore must be used inside <WizardStoreProvider>.');
  return store;
}
