/**
 * The programs a run solves, written to files as they are solved (`--write-mps`, `--write-lp`): a solver wrapper
 * that writes each program it is given, the first to the file named and later ones (a lexicographic optimisation's
 * stages, a shock's three runs) beside it as `name-2.mps`, `name-3.mps`, …, each with what it was for.
 */
import { writeFileSync } from "node:fs";
import { extname } from "node:path";
import type { LinearProgram, LpSolver } from "../engine/index.ts";
import { writeLp, writeMps } from "../formats/mps.ts";

export interface ProgramRecorder {
  /** The solver to run with: the one given, writing every program before solving it. */
  solver: LpSolver;
  /** What the next programs are for (e.g. "check", "optimise under the shocks"). */
  label: string;
  /** Every file written, with what its program was for. */
  written: { file: string; label: string; rows: number; cols: number }[];
}

function numbered(file: string, k: number): string {
  if (k === 1) return file;
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}-${k}${ext}`;
}

/** Wraps `solver` so that each program is written as MPS to `mps` and/or as CPLEX LP to `lp` (when given). */
export function recordPrograms(
  solver: LpSolver,
  files: { mps?: string; lp?: string },
  label = "program",
): ProgramRecorder {
  let count = 0;
  const rec: ProgramRecorder = {
    label,
    written: [],
    solver: {
      solve(program: LinearProgram, options) {
        count++;
        const what = rec.label;
        const name = `ioplan ${what}`;
        if (files.mps) {
          const f = numbered(files.mps, count);
          writeFileSync(f, writeMps(program, name));
          rec.written.push({ file: f, label: what, rows: program.rowLower.length, cols: program.cost.length });
        }
        if (files.lp) {
          const f = numbered(files.lp, count);
          writeFileSync(f, writeLp(program));
          rec.written.push({ file: f, label: what, rows: program.rowLower.length, cols: program.cost.length });
        }
        return solver.solve(program, options);
      },
    },
  };
  return rec;
}
