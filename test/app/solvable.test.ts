import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { requireSolvable } from "../../src/app/solvable.ts";
import { solveDemand } from "../../src/app/solveDemand.ts";
import { NotProductiveError, createLeontiefSystem, denseMatrix, spectralRadiusBounds } from "../../src/engine/index.ts";
import { readModel } from "../../src/formats/dataPackage.ts";
import { EXAMPLES, ROOT } from "../paths.ts";
import { copyModel, scratch } from "../support/scratch.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], { encoding: "utf8", cwd: ROOT });

/** The DPRK example with every coefficient multiplied by `factor` (its spectral radius times `factor`). */
function scaled(factor: number): string {
  const dir = copyModel(join(EXAMPLES, "dprk", "model"));
  const f = join(dir, "coefficients.csv");
  const [head, ...rows] = readFileSync(f, "utf8").trim().split("\n");
  writeFileSync(
    f,
    [head, ...rows.map((r) => r.replace(/,([^,]*)$/, (_, v: string) => `,${Number(v) * factor}`))].join("\n") + "\n",
  );
  return dir;
}

test("a model that is not productive is refused before any solve, with the sectors named (exit 2), never printed as converged", () => {
  const dir = scaled(4);
  const m = readModel(dir);
  assert.throws(
    () => requireSolvable(m),
    (e: unknown) => e instanceof NotProductiveError && e.spectralRadius >= 1 && e.sectors.includes("MET"),
  );
  for (const args of [
    ["analyse", dir],
    ["solve", dir, "--demand", writeDemand("AGR,1")],
  ]) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args[0]}: ${r.stdout}`);
    assert.match(
      r.stderr,
      /^ioplan: economy is not productive: spectral radius of A is at least [\d.]+ \(must be < 1\)\. .*Columns summing to ≥ 1: AGR \(column sum [\d.]+\).*Sectors driving it: /,
    );
    assert.doesNotMatch(r.stdout, /converged/);
  }
});

test("a nearly singular model is solved with a conditioning warning (spectral radius within 1e-6 of 1)", () => {
  // ρ to 1e-12 (Collatz–Wielandt bounds closed), then every coefficient scaled to put it 3e-7 below 1
  const b = spectralRadiusBounds(readModel(join(EXAMPLES, "dprk", "model")).A, {
    tolerance: 1e-13,
    maxIterations: 100_000,
  });
  assert.ok(b.upper - b.lower < 1e-12 * b.upper);
  const rho = b.estimate;
  const m = readModel(scaled((1 - 3e-7) / rho));
  const w = requireSolvable(m).warnings;
  assert.equal(w.length, 1);
  assert.match(w[0], /nearly singular: the spectral radius of A is within 0\.000001 of 1/);
  assert.deepEqual(requireSolvable(readModel(join(EXAMPLES, "dprk", "model"))).warnings, []);
});

test("NaN or Infinity is never converged: an overflowing demand ends not-finite (exit 1)", async () => {
  // Miller & Blair's two sectors: L's row sums are 1.584 and 1.386, so a demand of 1.5e308 overflows L·d
  const sys = createLeontiefSystem(
    denseMatrix([
      [0.15, 0.25],
      [0.2, 0.05],
    ]),
  );
  for (const method of ["lu", "gmres", "bicgstab", "auto"] as const) {
    const s = sys.solve(Float64Array.of(1.5e308, 1.5e308), { method });
    assert.equal(s.converged, false, method);
    assert.equal(s.status, "not-finite", method);
  }
  const m = readModel(join(EXAMPLES, "dprk", "model"));
  const r = await solveDemand(m, new Float64Array(m.sectors.length).fill(1.5e308));
  assert.deepEqual([r.status, r.converged], ["not-finite", false]);
  const cli = run("solve", join(EXAMPLES, "dprk", "model"), "--demand", writeDemand("AGR,1e308", "MIN,1e308"));
  assert.equal(cli.status, 1);
  assert.match(cli.stdout, /relative residual NaN, not-finite/);
  assert.doesNotMatch(cli.stdout, /converged/);
});

function writeDemand(...rows: string[]): string {
  const f = join(scratch(), "demand.csv");
  writeFileSync(f, ["sector,value", ...rows].join("\n") + "\n");
  return f;
}
