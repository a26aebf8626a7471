import { inflateRawSync } from "node:zlib";

/** A ZIP archive (or the .xlsx around it) that cannot be read safely: the archive, what is wrong, and the limit. */
export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipError";
  }
}

/** How much a ZIP archive may unpack to: each entry and all entries together, in bytes. */
export interface ZipLimits {
  entryBytes: number;
  totalBytes: number;
}

/** 256 MiB an entry, 1 GiB in all: a WIOD national table unpacks to about 6 MB. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { entryBytes: 256 * 1024 * 1024, totalBytes: 1024 * 1024 * 1024 };

/**
 * Reads the entries of a ZIP archive held in memory (stored or deflated entries), bounded: every entry is inflated
 * with an output limit (its declared size, and at most `limits.entryBytes`), the declared sizes may not add up past
 * `limits.totalBytes`, and an entry that inflates to other than its declared size is refused (a zip bomb, or a damaged
 * archive). ZIP64 archives and encrypted entries are refused by name.
 *
 * @throws ZipError naming the archive and what is wrong with it.
 */
export function readZipEntries(buf: Buffer, name = "<zip>", limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, () => Buffer> {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError(`${name}: not a ZIP archive (no end-of-central-directory record); an .xlsx file is a ZIP archive`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new ZipError(`${name}: a ZIP64 archive; ioplan reads ZIP archives under 4 GiB with fewer than 65,535 entries (save the workbook again, or split it)`);
  const entries = new Map<string, () => Buffer>();
  let declared = 0;
  const need = (at: number, bytes: number, what: string) => {
    if (at < 0 || at + bytes > buf.length) throw new ZipError(`${name}: damaged ZIP archive (${what} runs past the end of the file)`);
  };
  for (let k = 0; k < count; k++) {
    need(p, 46, `central directory entry ${k}`);
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError(`${name}: damaged ZIP central directory at entry ${k}`);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    need(p + 46, nameLen, `the name of entry ${k}`);
    const entryName = buf.toString("utf8", p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw new ZipError(`${name}: entry ${entryName} is ZIP64; ioplan reads entries under 4 GiB`);
    if (flags & 1) throw new ZipError(`${name}: entry ${entryName} is encrypted; save the workbook without a password`);
    if (size > limits.entryBytes) throw new ZipError(`${name}: entry ${entryName} unpacks to ${size.toLocaleString("en-US")} bytes; the limit is ${limits.entryBytes.toLocaleString("en-US")} (raise it with IOPLAN_XLSX_MAX_BYTES)`);
    declared += size;
    if (declared > limits.totalBytes) throw new ZipError(`${name}: the archive unpacks to more than ${limits.totalBytes.toLocaleString("en-US")} bytes (raise the limit with IOPLAN_XLSX_MAX_BYTES)`);
    entries.set(entryName, () => {
      need(local, 30, `the local header of ${entryName}`);
      if (buf.readUInt32LE(local) !== 0x04034b50) throw new ZipError(`${name}: damaged local header for ${entryName}`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      need(start, compressed, `the data of ${entryName}`);
      const data = buf.subarray(start, start + compressed);
      let out: Buffer;
      if (method === 0) out = data;
      else if (method === 8) {
        try {
          // one byte more than declared: an entry that would inflate past its size is caught, not unpacked
          out = inflateRawSync(data, { maxOutputLength: size + 1 });
        } catch (e) {
          const code = (e as { code?: string }).code;
          throw new ZipError(`${name}: entry ${entryName} ${code === "ERR_BUFFER_TOO_LARGE" ? `inflates past its declared ${size.toLocaleString("en-US")} bytes (a zip bomb, or a damaged archive)` : `cannot be inflated (${(e as Error).message}): a damaged archive`}`);
        }
      } else throw new ZipError(`${name}: entry ${entryName} uses compression method ${method}; only stored (0) and deflate (8) are supported`);
      if (out.length !== size) throw new ZipError(`${name}: entry ${entryName} holds ${out.length.toLocaleString("en-US")} bytes, not the ${size.toLocaleString("en-US")} its header declares: a damaged archive`);
      return out;
    });
  }
  return entries;
}
