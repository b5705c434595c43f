// Constants of the ZIP format (APPNOTE 6.3.x) shared by the writer and the reader: record
// signatures, sizes, flags and the ZIP64 sentinels.
export const SIG = {
  localHeader: 0x04034b50,
  centralHeader: 0x02014b50,
  endOfCentralDirectory: 0x06054b50,
  zip64EndOfCentralDirectory: 0x06064b50,
  zip64Locator: 0x07064b50,
} as const;

export const LOCAL_HEADER_SIZE = 30;
export const CENTRAL_HEADER_SIZE = 46;
export const EOCD_SIZE = 22;
export const ZIP64_EOCD_SIZE = 56;
export const ZIP64_LOCATOR_SIZE = 20;
export const ZIP64_EXTRA_ID = 0x0001;

export const METHOD_STORE = 0;
export const METHOD_DEFLATE = 8;

/** General purpose flag bit 11: names are UTF-8. Bit 0: encrypted. Bit 3: sizes in a data descriptor. */
export const FLAG_UTF8 = 0x0800;
export const FLAG_ENCRYPTED = 0x0001;
export const FLAG_DATA_DESCRIPTOR = 0x0008;

/** Version 4.5 (ZIP64), made by Unix (3), so external attributes carry the Unix mode. */
export const VERSION_MADE_BY = (3 << 8) | 45;
export const VERSION_NEEDED_DEFAULT = 20;
export const VERSION_NEEDED_ZIP64 = 45;

export const UINT32_MAX = 0xffffffff;
export const UINT16_MAX = 0xffff;

/** Unix file type bits in the high 16 bits of the external attributes. */
export const S_IFMT = 0o170000;
export const S_IFREG = 0o100000;

/** MS-DOS date and time of a moment, in UTC (ZIP times have no zone; UTC keeps them deterministic). */
export function dosDateTime(moment: Date): { date: number; time: number } {
  const year = Math.min(Math.max(moment.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((moment.getUTCMonth() + 1) << 5) | moment.getUTCDate(),
    time: (moment.getUTCHours() << 11) | (moment.getUTCMinutes() << 5) | Math.floor(moment.getUTCSeconds() / 2),
  };
}
