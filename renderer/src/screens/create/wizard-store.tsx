// Keeps the Create wizard's answers and step while the user visits other screens (to check a
// setting, open another bundle): coming back to Create resumes where they were. Lives above
// the screens, for the session, and in the tab's session storage so a reload keeps it too —
// never the passphrase, which stays in memory only; "Start over" clears it.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
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
  const [saved] = useState(restore);
  const [state, setState] = useState<WizardState>(saved?.state ?? INITIAL_STATE);
  const [step, setStep] = useState<StepId>(saved?.step ?? 'project');
  useEffect(() => save(state, step), [state, step]);
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

const SESSION_KEY = 'reprobundle.wizard';

/**
 * A scan of more files than this is not kept in the tab's storage: it is saved on every change
 * (each keystroke), and 100,000 files' list is ~10 MB to write each time, past what a tab may
 * store. A reload then comes back to the project step, which scans it again keeping every answer.
 */
const MAX_SAVED_SCAN_FILES = 2000;

/** What a reload finds: the answers of this tab's wizard, if they were saved by this version. */
function restore(): { state: WizardState; step: StepId } | undefined {
  try {
    const text = window.sessionStorage.getItem(SESSION_KEY);
    if (text === null) return undefined;
    const saved = JSON.parse(text) as { version?: unknown; state?: Partial<WizardState>; step?: StepId };
    if (saved.version !== 1 || saved.state === undefined || typeof saved.step !== 'string') return undefined;
    // Fields added since are filled from the initial state; the passphrase is never saved.
    const state = { ...INITIAL_STATE, ...saved.state, passphrase: '' };
    // Every later step needs the scan: without it (too large to keep), back to the project step.
    return { state, step: state.scan === null ? 'project' : saved.step };
  } catch {
    return undefined; // storage unavailable or unreadable: start afresh
  }
}

function save(state: WizardState, step: StepId): void {
  try {
    const { passphrase: _never, ...kept } = state;
    const scan = kept.scan;
    const saved =
      scan !== null && scan.files.length > MAX_SAVED_SCAN_FILES
        ? { ...kept, scan: null, scanDropped: { root: scan.root, files: scan.files.length } }
        : kept;
    window.sessionStorage.setItem(SESSION_KEY, JSON.stringify({ version: 1, state: saved, step }));
  } catch {
    // Storage full or refused: the wizard still works, a reload just starts afresh.
  }
}
