import { closeSync, openSync, readSync } from "node:fs";

/**
 * Calls `onLine(text, lineNumber)` for every line of a file, reading it in fixed-size chunks so that the
 * text is never held whole in memory (a 2·10⁷-entry triplet file is ~600 MB). Handles LF and CRLF and a
 * UTF-8 byte-order mark. Synchronous: blocking, O(file size).
 */
export function forEachLine(
  file: string,
  onLine: (line: string, lineNumber: number) => void,
  chunkBytes = 1 << 22,
): void {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(chunkBytes);
    let carry = "";
    let lineNo = 0;
    let first = true;
    while (true) {
      const n = readSync(fd, buf, 0, chunkBytes, null);
      if (n === 0) break;
      // Cut at the last newline so multi-byte characters are never split.
      let cut = buf.lastIndexOf(10, n - 1);
      if (cut < 0) {
        carry += buf.toString("utf8", 0, n);
        continue;
      }
      cut += 1;
      let text = carry + buf.toString("utf8", 0, cut);
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let start = 0;
      while (true) {
        const nl = text.indexOf("\n", start);
        if (nl < 0) break;
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        onLine(text.slice(start, end), ++lineNo);
        start = nl + 1;
      }
      carry = buf.toString("utf8", cut, n);
    }
    if (carry.length > 0) {
      if (first && carry.charCodeAt(0) === 0xfeff) carry = carry.slice(1);
      onLine(carry.endsWith("\r") ? carry.slice(0, -1) : carry, ++lineNo);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Calls `onLine(bytes, start, end, lineNumber)` for every line of a file with the line's raw bytes
 * `bytes[start, end)` (no newline, no CR; a UTF-8 byte-order mark at the start skipped), reading fixed-size
 * chunks: no string is made, so a caller can parse fields straight from the bytes (the triplet reader does).
 * `bytes` is reused between calls. A line longer than the chunk grows the buffer. Synchronous: O(file size).
 */
export function forEachLineBytes(
  file: string,
  onLine: (bytes: Buffer, start: number, end: number, lineNumber: number) => void,
  chunkBytes = 1 << 22,
): void {
  const fd = openSync(file, "r");
  try {
    let buf = Buffer.allocUnsafe(chunkBytes);
    let have = 0; // bytes in buf: the carried start of a line, then what was read
    let lineNo = 0;
    let first = true;
    while (true) {
      if (have === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = readSync(fd, buf, have, buf.length - have, null);
      const end = have + n;
      let start = 0;
      if (first && end >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
      if (end > 0) first = false;
      if (n === 0) {
        if (end > start) onLine(buf, start, buf[end - 1] === 13 ? end - 1 : end, ++lineNo);
        break;
      }
      let nl = buf.indexOf(10, start);
      while (nl >= 0 && nl < end) {
        onLine(buf, start, nl > start && buf[nl - 1] === 13 ? nl - 1 : nl, ++lineNo);
        start = nl + 1;
        nl = buf.indexOf(10, start);
      }
      buf.copy(buf, 0, start, end);
      have = end - start;
    }
  } finally {
    closeSync(fd);
  }
}

/** Number of lines in a file (a byte scan for newlines; a last line without one counts). */
export function countLines(file: string, chunkBytes = 1 << 22): number {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(chunkBytes);
    let count = 0;
    let last = 10;
    while (true) {
      const n = readSync(fd, buf, 0, chunkBytes, null);
      if (n === 0) break;
      let p = buf.indexOf(10, 0);
      while (p >= 0 && p < n) {
        count++;
        p = buf.indexOf(10, p + 1);
      }
      last = buf[n - 1];
    }
    return last === 10 ? count : count + 1;
  } finally {
    closeSync(fd);
  }
}
