// Gives every component the one API instance: the Electron preload's bridge when the app runs
// in Electron, the web bridge otherwise.
import { createContext, useContext, type ReactNode } from 'react';
import type { ReproBundleApi, ReproBundleBridge } from '../../../main/contract/operations';
import { createApi } from './create-api';
import { createWebBridge } from './web-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the web mode. */
    readonly reprobundle?: ReproBundleBridge;
    /** Set by the Electron preload: where a dropped file lives on disk. */
    readonly reprobundlePathForFile?: (file: File) => string;
  }
}

export type Front = 'desktop' | 'web';

export interface ApiContextValue {
  api: ReproBundleApi;
  front: Front;
}

export function defaultApi(): ApiContextValue {
  const preload = window.reprobundle;
  return preload === undefined
    ? { api: createApi(createWebBridge()), front: 'web' }
    : { api: createApi(preload), front: 'desktop' };
}

const ApiContext = createContext<ApiContextValue | undefined>(undefined);

export function ApiProvider({ value, children }: { value: ApiContextValue; children: ReactNode }): ReactNode {
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (value === undefined) throw new Error('useApi must be used inside <ApiProvider>.');
  return value;
}
