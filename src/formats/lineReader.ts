import { closeSync, openSync, readSync } from "node:fs";

/**
 * Calls `onLine(text, lineNumber)` for every line of a file, reading it in fixed-size chunks so that the
 * text is never held whole in memory (a 2·10⁷-entry triplet file is ~600 MB). Handles LF and CRLF and a
 * UTF-8 byte-order mark. Synchronous: blocking, O(file size).
 */
export function forEachLine(file: string, onLine: (line: string, lineNumber: number) => void, chunkBytes = 1 << 22): void {
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
