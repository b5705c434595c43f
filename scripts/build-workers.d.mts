// Types of build-workers.mjs, for the TypeScript that calls it (Vitest's global setup).
export declare const PRODUCT_WORKERS: Readonly<Record<string, string>>;
export declare function buildWorkers(
  entryPoints?: Readonly<Record<string, string>>,
  outdir?: string,
  options?: { external?: boolean },
): Promise<void>;
