// The home screen: the two things a user comes to do (create a bundle, open one) and whether
// this machine can replay bundles.
import { useCallback, type ReactNode } from 'react';
import { useApi } from '../api/api-context';
import { EnvironmentStatus } from '../components/EnvironmentStatus';
import { useOperation } from '../hooks/use-operation';

export function Home(): ReactNode {
  return (
    <main className="home">
      <header className="home__header">
        <h1>ReproBundle</h1>
        <p className="home__tagline">
          Pack a result into one signed bundle. Replay a bundle in a container and see, metric by metric, whether it
          reproduces.
        </p>
      </header>
      <section className="actions" aria-label="What would you like to do?">
        <ActionCard
          title="Create a bundle"
          description="Scan a project folder, review its code, data, parameters, environment and results, then sign it."
        />
        <ActionCard
          title="Open a bundle"
          description="Check who signed a bundle and that nothing changed, browse it, and replay it."
        />
      </section>
      <EnvironmentStatus />
      <AppFooter />
    </main>
  );
}

function ActionCard({ title, description }: { title: string; description: string }): ReactNode {
  // Creating and opening bundles arrive with the bundle engine; until then say so rather than
  // offer a button that does nothing.
  return (
    <article className="action-card">
      <h2>{title}</h2>
      <p>{description}</p>
      <button type="button" className="button" disabled aria-describedby={`${title}-note`.replace(/\s+/g, '-')}>
        {title}
      </button>
      <p className="action-card__note" id={`${title}-note`.replace(/\s+/g, '-')}>
        Not available in this preview yet.
      </p>
    </article>
  );
}

function AppFooter(): ReactNode {
  const { api, front } = useApi();
  const load = useCallback((signal: AbortSignal) => api.appInfo({}, { signal }), [api]);
  const { state } = useOperation(load);
  return (
    <footer className="app-footer" data-testid="app-footer">
      {state.status === 'done'
        ? `${state.value.name} ${state.value.version} · ${front === 'web' ? 'web mode' : 'desktop'} · Node ${state.value.node} on ${state.value.platform}/${state.value.arch}`
        : '\u00a0'}
    </footer>
  );
}
