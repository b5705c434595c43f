// Types of check-cycles.mjs, for the tests that call it.
export type Graph = Map<string, string[]>;
export declare function importGraph(roots: string[], cwd?: string): Promise<Graph>;
export declare function collapse(graph: Graph, groupOf: (file: string) => string | null): Graph;
export declare function findCycles(graph: Graph): string[][];
export declare const layerOf: (file: string) => string | null;
export declare const jobFolderOf: (file: string) => string | null;
export declare function checkCycles(
  cwd?: string,
): Promise<{ files: number; cycles: { files: string[][]; layers: string[][]; jobFolders: string[][] } }>;
