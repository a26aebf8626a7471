import { inflateRawSync } from "node:zlib";

/**
 * Reads the entries of a ZIP archive held in memory (stored or deflated entries; the central directory is
 * trusted, as in every .xlsx). Enough for Office Open XML files; no ZIP64, no encryption.
 *
 * @throws Error naming the archive and what is wrong with it.
 */
export function readZipEntries(buf: Buffer, name = "<zip>"): Map<string, () => Buffer> {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${name}: not a ZIP archive (no end-of-central-directory record); an .xlsx file is a ZIP archive`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, () => Buffer>();
  for (let k = 0; k < count; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${name}: damaged ZIP central directory at entry ${k}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const entryName = buf.toString("utf8", p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    entries.set(entryName, () => {
      if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`${name}: damaged local header for ${entryName}`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + compressed);
      if (method === 0) return data;
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${name}: entry ${entryName} uses compression method ${method}; only stored (0) and deflate (8) are supported`);
    });
  }
  return entries;
}
