import { readFileSync } from "node:fs";

/** Resident memory of this process from /proc/self/status (Linux): "VmRSS" now or "VmHWM" the peak, in bytes. */
export function rss(field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}
