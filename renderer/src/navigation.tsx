// Which screen is shown, and the way to go to another. Kept in memory (a desktop app has no
// address bar worth keeping in sync); each screen gets what it needs as its route's fields.
// A screen running something long (a replay, a bundle being written) can guard against leaving
// by accident: navigating away, or closing the window, then asks first.
import { createContext, useCallback, useContext, useEffect, useId, type ReactNode } from 'react';

export type Route =
  | { screen: 'home' }
  | { screen: 'create' }
  | { screen: 'open'; file?: string }
  /** What the Open screen learnt about the bundle, to offer only the options that apply. */
  | { screen: 'replay'; file: string; hasSamples: boolean; dataPointers: number; frozen?: boolean }
  | { screen: 'evaluate' }
  | { screen: 'settings' };

export type Navigate = (route: Route) => void;

export interface Navigation {
  navigate: Navigate;
  /** Sets (message) or clears (null) the guard registered under this id. */
  guard: (id: string, message: string | null) => void;
}

const NavigationContext = createContext<Navigation | undefined>(undefined);

export function NavigationProvider({ value, children }: { value: Navigation; children: ReactNode }): ReactNode {
  return <NavigationContext.Provider value={value}>{children}</NavigationContext.Provider>;
}

function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (navigation === undefined) throw new Error('Navigation is used outside <NavigationProvider>.');
  return navigation;
}

export function useNavigate(): Navigate {
  return useNavigation().navigate;
}

/**
 * A guard this component sets and clears itself: while set, leaving the screen (or the page)
 * asks for confirmation with its message. Cleared when the component goes away.
 */
export function useLeaveGuard(): (message: string | null) => void {
  const { guard } = useNavigation();
  const id = useId();
  useEffect(() => () => guard(id, null), [guard, id]);
  return useCallback((message: string | null) => guard(id, message), [guard, id]);
}
