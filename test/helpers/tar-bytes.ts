// Writes tar archives byte by byte (ustar headers), so tests can make the layers a hostile image
// would carry: paths with "..", hard links out of the root, writes through a planted link. Tar
// libraries refuse to write these, which is the point.
import { createHash } from 'node:crypto';

export interface TarEntry {
  path: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  content?: string;
  link?: string;
}

export function tarBytes(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.content ?? '', 'utf8');
    const header = Buffer.alloc(512);
    const field = (text: string, at: number, length: number): void => void header.write(text, at, length, 'utf8');
    const octal = (value: number, at: number, length: number): void =>
      field(`${value.toString(8).padStart(length - 1, '0')}\0`, at, length);
    field(entry.path, 0, 100);
    octal(entry.type === 'dir' ? 0o755 : 0o644, 100, 8);
    octal(0, 108, 8);
    octal(0, 116, 8);
    octal(entry.type === undefined || entry.type === 'file' ? data.length : 0, 124, 12);
    octal(0, 136, 12);
    field({ file: '0', dir: '5', symlink: '2', hardlink: '1' }[entry.type ?? 'file'], 156, 1);
    field(entry.link ?? '', 157, 100);
    field('ustar\u000000', 257, 8);
    header.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
    octal(
      header.reduce((sum, byte) => sum + byte, 0),
      148,
      7,
    );
    blocks.push(header);
    if (entry.type === undefined || entry.type === 'file') {
      blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * A small image in the docker-archive layout made of the given layers: its files (relative to
 * image/) and the manifest's `image` record for them.
 */
export function tinyImage(
  layers: readonly Buffer[],
  options: { architecture?: string; volumes?: string[]; diffIds?: string[] } = {},
): { files: Map<string, Buffer>; record: Record<string, unknown>; digest: string } {
  const diffIds = options.diffIds ?? layers.map((layer) => `sha256:${sha256(layer)}`);
  const config = Buffer.from(
    JSON.stringify({
      architecture: options.architecture ?? 'amd64',
      os: 'linux',
      config: {
        Cmd: ['/hello'],
        ...(options.volumes === undefined ? {} : { Volumes: Object.fromEntries(options.volumes.map((v) => [v, {}])) }),
      },
      rootfs: { type: 'layers', diff_ids: diffIds },
    }),
  );
  const configName = `${sha256(config)}.json`;
  const files = new Map<string, Buffer>([[configName, config]]);
  layers.forEach((layer, index) => files.set(`layer${index}/layer.tar`, layer));
  files.set(
    'manifest.json',
    Buffer.from(
      JSON.stringify([{ Config: configName, RepoTags: null, Layers: layers.map((_, i) => `layer${i}/layer.tar`) }]),
    ),
  );
  return {
    files,
    digest: `sha256:${sha256(config)}`,
    record: {
      format: 'docker-archive',
      config: { path: `image/${configName}`, digest: `sha256:${sha256(config)}` },
      layers: layers.map((layer, index) => ({
        path: `image/layer${index}/layer.tar`,
        diffId: `sha256:${sha256(layer)}`,
        size: layer.length,
      })),
      platform: { os: 'linux', architecture: options.architecture ?? 'amd64', variant: null },
      size: config.length + layers.reduce((sum, layer) => sum + layer.length, 0),
      builtWith: { engine: 'Docker Engine', version: 'test' },
    },
  };
}
