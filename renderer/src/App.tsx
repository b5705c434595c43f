// The app shell: a skip link, the main navigation, and the current screen. In the desktop app a
// bundle the OS asked to open (double-click, File › Open, a second launch) is picked up here.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useApi } from './api/api-context';
import { NavigationProvider, type Route } from './navigation';
import { CreateWizard } from './screens/create/CreateWizard';
import { WizardStoreProvider } from './screens/create/wizard-store';
import { Home } from './screens/Home';
import { OpenBundle } from './screens/open/OpenBundle';
import { Replay } from './screens/replay/Replay';
import { Evaluate } from './screens/evaluate/Evaluate';
import { Settings } from './screens/settings/Settings';

const NAV: { screen: Route['screen']; label: string; route: Route }[] = [
  { screen: 'home', label: 'Home', route: { screen: 'home' } },
  { screen: 'create', label: 'Create', route: { screen: 'create' } },
  { screen: 'open', label: 'Open', route: { screen: 'open' } },
  { screen: 'evaluate', label: 'Evaluate many', route: { screen: 'evaluate' } },
  { screen: 'settings', label: 'Settings', route: { screen: 'settings' } },
];

/** Screens a `#/screen` address can name on its own (the replay screen needs what Open learnt). */
const ADDRESSABLE: readonly Route['screen'][] = ['home', 'create', 'open', 'evaluate', 'settings'];

/**
 * The route a history entry holds (Back, Forward, reload), checked: history state is ours but may
 * be from another version of the page; a bare address names a screen, else Home.
 */
function routeFromHistory(state: unknown, hash: string): Route {
  const held = (
    state as {
      route?: { screen?: unknown; file?: unknown; hasSamples?: unknown; dataPointers?: unknown; frozen?: unknown };
    } | null
  )?.route;
  if (held !== undefined && typeof held.screen === 'string') {
    if (held.screen === 'replay' && typeof held.file === 'string')
      return {
        screen: 'replay',
        file: held.file,
        hasSamples: held.hasSamples === true,
        dataPointers: typeof held.dataPointers === 'number' ? held.dataPointers : 0,
        frozen: held.frozen === true,
      };
    if (held.screen === 'open')
      return typeof held.file === 'string' ? { screen: 'open', file: held.file } : { screen: 'open' };
    if ((ADDRESSABLE as readonly string[]).includes(held.screen)) return { screen: held.screen } as Route;
  }
  const named = /^#\/([a-z]+)$/.exec(hash)?.[1];
  return named !== undefined && (ADDRESSABLE as readonly string[]).includes(named)
    ? ({ screen: named } as Route)
    : { screen: 'home' };
}

/** How often the desktop app asks whether the OS handed it a bundle to open. */
const LAUNCH_POLL_MS = 1000;

export function App(): ReactNode {
  const { api, front } = useApi();
  // Each navigation is a new visit: the screen starts afresh, even when it is the one shown.
  const [{ route, visit }, setPlace] = useState<{ route: Route; visit: number }>(() => ({
    route: routeFromHistory(window.history.state, window.location.hash),
    visit: 0,
  }));
  const guards = useRef(new Map<string, string>());
  // The route shown, for the history listener (set after each render, never during one).
  const routeNow = useRef(route);
  useEffect(() => {
    routeNow.current = route;
  }, [route]);
  const setRoute = useCallback((next: Route) => {
    // Something long is running on this screen: leaving would cancel it, so ask first.
    const [message] = guards.current.values();
    if (message !== undefined && !window.confirm(message)) return;
    // Each screen is a history entry, so the browser's Back and Forward move between screens.
    window.history.pushState({ route: next }, '', `#/${next.screen}`);
    setPlace((previous) => ({ route: next, visit: previous.visit + 1 }));
  }, []);
  // Back and Forward: the screen of that entry (asking first when something is running here).
  useEffect(() => {
    window.history.replaceState({ route: routeNow.current }, '', `#/${routeNow.current.screen}`);
    const onPopState = (event: PopStateEvent): void => {
      const [message] = guards.current.values();
      if (message !== undefined && !window.confirm(message)) {
        window.history.pushState({ route: routeNow.current }, '', `#/${routeNow.current.screen}`);
        return;
      }
      const next = routeFromHistory(event.state, window.location.hash);
      setPlace((previous) => ({ route: next, visit: previous.visit + 1 }));
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);
  const guard = useCallback((id: string, message: string | null) => {
    if (message === null) guards.current.delete(id);
    else guards.current.set(id, message);
  }, []);
  const navigation = useMemo(() => ({ navigate: setRoute, guard }), [setRoute, guard]);

  // Closing or reloading the page while guarded: the browser asks with its own words.
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      if (guards.current.size > 0) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (front !== 'desktop') return undefined;
    const timer = setInterval(() => {
      api.takeLaunchFile({}).then(
        ({ file }) => file !== null && setRoute({ screen: 'open', file }),
        () => undefined,
      );
    }, LAUNCH_POLL_MS);
    return () => clearInterval(timer);
  }, [api, front, setRoute]);

  // Moving to another screen moves focus to its top, so keyboard and screen-reader users start there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus();
  }, [route]);

  return (
    <WizardStoreProvider>
      <NavigationProvider value={navigation}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="topbar">
          <span className="topbar__brand" aria-hidden="true">
            ReproBundle
          </span>
          <nav aria-label="Main">
            <ul className="topbar__nav">
              {NAV.map((item) => (
                <li key={item.screen}>
                  <button
                    type="button"
                    className="topbar__link"
                    aria-current={
                      route.screen === item.screen || (item.screen === 'open' && route.screen === 'replay')
                        ? 'page'
                        : undefined
                    }
                    onClick={() => setRoute(item.route)}
                  >
                    {item.label}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" ref={main} tabIndex={-1} className="page">
          <Screen key={visit} route={route} />
        </main>
      </NavigationProvider>
    </WizardStoreProvider>
  );
}

function Screen({ route }: { route: Route }): ReactNode {
  switch (route.screen) {
    case 'home':
      return <Home />;
    case 'create':
      return <CreateWizard />;
    case 'open':
      return <OpenBundle {...(route.file === undefined ? {} : { initialFile: route.file })} />;
    case 'replay':
      return (
        <Replay
          file={route.file}
          hasSamples={route.hasSamples}
          dataPointers={route.dataPointers}
          frozen={route.frozen === true}
        />
      );
    case 'evaluate':
      return <Evaluate />;
    case 'settings':
      return <Settings />;
  }
}
