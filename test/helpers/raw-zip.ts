// A deliberately naive ZIP builder for hostile-archive tests: it writes whatever it is told
// (any name, any mode, lying sizes, shared offsets), independent of the production writer.
import { crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string | Buffer;
  data: Buffer;
  /** 8 deflates `data`; 0 stores it. */
  method?: 0 | 8;
  /** Unix mode for the external attributes (default a regular 0644 file). */
  mode?: number;
  /** Lie about the uncompressed size. */
  declaredSize?: number;
  /** Point the central directory at another entry's local header (overlap). */
  offsetOf?: number;
}

export function buildRawZip(entries: readonly RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const offsets: number[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const prepared = entries.map((entry) => {
    const name = typeof entry.name === 'string' ? Buffer.from(entry.name, 'utf8') : entry.name;
    const body = entry.method === 8 ? deflateRawSync(entry.data) : entry.data;
    return { entry, name, body, crc: crc32(entry.data), size: entry.declaredSize ?? entry.data.length };
  });
  for (const { entry, name, body, crc, size } of prepared) {
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0800, 6);
    header.writeUInt16LE(entry.method ?? 0, 8);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(body.length, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    offsets.push(offset);
    locals.push(header, name, body);
    offset += header.length + name.length + body.length;
  }
  const centralStart = offset;
  prepared.forEach(({ entry, name, body, crc, size }, index) => {
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | 20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(entry.method ?? 0, 10);
    header.writeUInt32LE(crc >>> 0, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    header.writeUInt32LE(offsets[entry.offsetOf ?? index] as number, 42);
    centrals.push(header, name);
  });
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralStart, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
