// Which screen is shown, and the way to go to another. Kept in memory (a desktop app has no
// address bar worth keeping in sync); each screen gets what it needs as its route's fields.
import { createContext, useContext, type ReactNode } from 'react';

export type Route =
  | { screen: 'home' }
  | { screen: 'create' }
  | { screen: 'open'; file?: string }
  /** What the Open screen learnt about the bundle, to offer only the options that apply. */
  | { screen: 'replay'; file: string; hasSamples: boolean; dataPointers: number }
  | { screen: 'settings' };

export type Navigate = (route: Route) => void;

const NavigationContext = createContext<Navigate | undefined>(undefined);

export function NavigationProvider({ navigate, children }: { navigate: Navigate; children: ReactNode }): ReactNode {
  return <NavigationContext.Provider value={navigate}>{children}</NavigationContext.Provider>;
}

export function useNavigate(): Navigate {
  const navigate = useContext(NavigationContext);
  if (navigate === undefined) throw new Error('useNavigate must be used inside <NavigationProvider>.');
  return navigate;
}
