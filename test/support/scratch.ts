import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temporary folder for one test. */
export function scratch(prefix = "ioplan-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Copies a model folder into scratch space so a test can damage it. */
export function copyModel(src: string): string {
  const dir = join(scratch(), "model");
  cpSync(src, dir, { recursive: true });
  return dir;
}

/** Rewrites one line (1-based) of a file in place. */
export function editLine(file: string, line: number, edit: (text: string) => string): void {
  const lines = readFileSync(file, "utf8").split("\n");
  lines[line - 1] = edit(lines[line - 1]);
  writeFileSync(file, lines.join("\n"));
}
