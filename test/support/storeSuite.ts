import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { seriesKey } from "../../src/engine/index.ts";
import { ObservationFileError, readObservationsCsv } from "../../src/formats/observationsCsv.ts";
import { openStore } from "../../src/store/openStore.ts";
import type { ObservationStore } from "../../src/store/store.ts";
import { DATA, ROOT } from "../paths.ts";
import { scratch } from "./scratch.ts";

const INDICATORS = join(DATA, "dprk", "indicators.csv");
const GENERIC_HEADER = "indicator,period,value,unit,kind,source_name,source_url,published,status,note\n";

/** Generates a generic observations file of n rows (one indicator per row), for the concurrency and kill tests. */
export function bigFile(n: number, tag: string): string {
  const f = join(scratch(), `${tag}.csv`);
  const lines = [GENERIC_HEADER.trim()];
  for (let i = 0; i < n; i++)
    lines.push(
      `${tag}_${i},2020,${i},tonnes,estimate,Test source ${tag},https://example.org/${tag},2021-01-0${1 + (i % 9)},estimated,`,
    );
  writeFileSync(f, lines.join("\n") + "\n");
  return f;
}

/**
 * The store test suite, run against both implementations: `location()` gives a fresh store location (an
 * SQLite path or a PostgreSQL URL).
 */
export function storeSuite(kind: string, location: () => Promise<string>): void {
  const withStore = async <T>(loc: string, fn: (s: ObservationStore) => Promise<T>) => {
    const s = await openStore(loc);
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  };

  test(`${kind}: importing indicators.csv stores every row with its source; a second import adds nothing`, async () => {
    const loc = await location();
    const { rows, sha256 } = readObservationsCsv(INDICATORS);
    assert.equal(rows.length, 287);
    await withStore(loc, async (s) => {
      const first = await s.importObservations(rows, { file: INDICATORS, sha256 });
      assert.deepEqual([first.added, first.revised, first.unchanged], [287, 0, 0]);
      const again = await s.importObservations(rows, { file: INDICATORS, sha256 });
      assert.deepEqual([again.added, again.revised, again.unchanged, again.batchId], [0, 0, 287, null]);
      assert.equal(await s.count(), 287);
      const bok2020 = (await s.list({ indicator: "real_gdp_growth" })).filter((o) => o.period === "2020");
      // Fitch projected −8.5 %, the Bank of Korea estimated −4.5 %: both kept, never averaged
      assert.ok(
        bok2020.some((o) => o.kind === "projection" && o.value === -8.5),
        JSON.stringify(bok2020.map((o) => [o.kind, o.value, o.sourceName])),
      );
      assert.ok(bok2020.some((o) => o.kind === "estimate" && o.value === -4.5));
      assert.ok(bok2020.every((o) => o.sourceName.length > 0));
      const migrated = await s.migrate();
      assert.equal(migrated, 2);
    });
  });

  test(`${kind}: a revision is appended with its history; a different figure without status "revised" is refused, naming the line`, async () => {
    const loc = await location();
    const f = join(scratch(), "obs.csv");
    writeFileSync(
      f,
      GENERIC_HEADER +
        "coal_production,2019,26.5,million tonnes,estimate,Statistics Korea,https://kostat.go.kr,2020-12-01,estimated,first\n",
    );
    const g = join(scratch(), "rev.csv");
    writeFileSync(
      g,
      GENERIC_HEADER +
        "coal_production,2019,27.1,million tonnes,estimate,Statistics Korea,https://kostat.go.kr,2020-12-01,revised,revised in 2021\n",
    );
    const h = join(scratch(), "conflict.csv");
    writeFileSync(
      h,
      GENERIC_HEADER +
        "coal_production,2018,20,million tonnes,estimate,Statistics Korea,,,estimated,\ncoal_production,2019,30,million tonnes,estimate,Statistics Korea,https://kostat.go.kr,2020-12-01,estimated,\n",
    );
    await withStore(loc, async (s) => {
      const a = readObservationsCsv(f);
      await s.importObservations(a.rows, { file: f, sha256: a.sha256 });
      const b = readObservationsCsv(g);
      const r = await s.importObservations(b.rows, { file: g, sha256: b.sha256 });
      assert.deepEqual([r.added, r.revised], [0, 1]);
      const key = seriesKey(a.rows[0]);
      const hist = await s.history(key);
      assert.deepEqual(
        hist.map((o) => [o.revision, o.value, o.status]),
        [
          [1, 26.5, "estimated"],
          [2, 27.1, "revised"],
        ],
      );
      assert.deepEqual(
        (await s.list({ indicator: "coal_production" })).map((o) => o.value),
        [27.1],
      );
      const c = readObservationsCsv(h);
      await assert.rejects(
        s.importObservations(c.rows, { file: h, sha256: c.sha256 }),
        (e: unknown) =>
          e instanceof ObservationFileError &&
          /line 3, value = "30": coal_production 2019 from "Statistics Korea".*is already 27\.1 million tonnes.*needs status "revised"/.test(
            e.message,
          ),
      );
      // all or nothing: the valid 2018 row of the refused file is not stored either
      assert.equal((await s.list({ indicator: "coal_production" })).length, 1);
      assert.equal(await s.count(), 2);
    });
  });

  test(`${kind}: two processes importing at once lose no observation`, async () => {
    const loc = await location();
    await withStore(loc, async () => undefined); // migrate first
    const files = [bigFile(3000, "a"), bigFile(3000, "b")];
    const runs = files.map(
      (file) =>
        new Promise<number | null>((resolve) =>
          spawn(process.execPath, [join(ROOT, "bin", "ioplan.js"), "observe", "import", file, "--db", loc], {
            stdio: "ignore",
          }).on("exit", resolve),
        ),
    );
    assert.deepEqual(await Promise.all(runs), [0, 0]);
    await withStore(loc, async (s) => assert.equal(await s.count(), 6000));
  });

  test(`${kind}: an import killed mid-way (SIGKILL) leaves the store exactly as before`, async () => {
    const loc = await location();
    const { rows, sha256 } = readObservationsCsv(INDICATORS);
    await withStore(loc, (s) => s.importObservations(rows, { file: INDICATORS, sha256 }));
    const file = bigFile(60_000, "kill");
    const child = spawn(
      process.execPath,
      [join(ROOT, "bin", "ioplan.js"), "observe", "import", file, "--db", loc, "--progress-lines"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the import never reported progress: ${out}`)), 60_000);
      child.stdout.on("data", (b: Buffer) => {
        out += b.toString();
        if (/progress [1-9]\d* of 60000/.test(out)) {
          clearTimeout(timer);
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", () => reject(new Error(`the import finished before it could be killed: ${out}`)));
    });
    await new Promise((r) => child.on("exit", r));
    assert.equal(child.signalCode, "SIGKILL");
    await withStore(loc, async (s) => {
      assert.equal(await s.count(), 287, "nothing of the killed import was stored");
      assert.equal((await s.list({ indicator: "kill_0" })).length, 0);
    });
  });
}
