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

/** How often the desktop app asks whether the OS handed it a bundle to open. */
const LAUNCH_POLL_MS = 1000;

export function App(): ReactNode {
  const { api, front } = useApi();
  // Each navigation is a new visit: the screen starts afresh, even when it is the one shown.
  const [{ route, visit }, setPlace] = useState<{ route: Route; visit: number }>({
    route: { screen: 'home' },
    visit: 0,
  });
  const guards = useRef(new Map<string, string>());
  const setRoute = useCallback((next: Route) => {
    // Something long is running on this screen: leaving would cancel it, so ask first.
    const [message] = guards.current.values();
    if (message !== undefined && !window.confirm(message)) return;
    setPlace((previous) => ({ route: next, visit: previous.visit + 1 }));
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
