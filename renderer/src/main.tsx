// Renderer entry: picks the API (Electron preload or web) and mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider, defaultApi } from './api/api-context';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <ApiProvider value={defaultApi()}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
