// The root component. Screens beyond Home arrive with the Create, Open and Replay flows.
import type { ReactNode } from 'react';
import { Home } from './screens/Home';

export function App(): ReactNode {
  return <Home />;
}
