import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { columnSums } from "../../src/engine/index.ts";
import { mrioShock, parseTradeShock, shockedSystem } from "../../src/app/mrioShock.ts";
import { readPymrioMrio } from "../../src/formats/pymrioMrio.ts";
import { assertClose } from "../support/assertClose.ts";
import { FIXTURES } from "../paths.ts";

const m = readPymrioMrio(join(FIXTURES, "pymrio_mrio"));
const total = (d: Float64Array) => d.reduce((a, b) => a + b, 0);

test("a trade cut replaced at home moves coefficients and final demand to the destination's own sector, keeping every column's inputs", () => {
  const cut = parseTradeShock("reg2>reg1:steel=0.25", m);
  const home = shockedSystem(m, [cut], "domestic");
  assertClose(Array.from(columnSums(home.A)), Array.from(columnSums(m.A)), { rel: 1e-15 });
  assertClose(total(home.Y.data), total(m.Y.data), { rel: 1e-15 });
  // reg2/steel (row 3) keeps a quarter of what it sold to reg1 (columns 0–1); reg1/steel (row 1) makes the rest
  const A0 = m.A as { data: Float64Array };
  assertClose(home.A.data[3 * 4 + 0], 0.25 * A0.data[3 * 4 + 0], { rel: 1e-15 });
  assertClose(home.A.data[1 * 4 + 0], A0.data[1 * 4 + 0] + 0.75 * A0.data[3 * 4 + 0], { rel: 1e-15 });
  const away = shockedSystem(m, [cut], "outside");
  assert.ok(total(columnSums(away.A)) < total(columnSums(m.A)));
});

test("a shock leaves output unchanged when its factor is 1, and with no cut the solve gives back x", () => {
  const r = mrioShock(m, [{ origin: "reg1", destination: "reg2", factor: 1 }]);
  for (const s of r.sectors) assertClose(s.change, 0, { abs: 1e-9 });
  assertClose(
    r.sectors.map((s) => s.before),
    Array.from(m.x),
    { rel: 1e-12 },
  );
  // replaced at home, a cut moves output from the origin to the destination
  const home = mrioShock(m, [{ origin: "reg2", destination: "reg1", factor: 0 }], "domestic");
  assert.ok(
    home.regions[0].change > 0 && home.regions[1].change < 0,
    JSON.stringify(home.regions.map((g) => g.change)),
  );
});
