import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Page } from "playwright-core";
import { openStore } from "../../src/store/openStore.ts";
import type { ObservationStore } from "../../src/store/store.ts";
import { scratch } from "../support/scratch.ts";
import { SHOTS, dashboardSession } from "../support/dashboardSession.ts";
import type { DashboardSession } from "../support/dashboardSession.ts";
import { BROKEN_PLAN, USER_PLAN, userWorkspace } from "../support/userWorkspace.ts";

// The dashboard on a workspace of the user's own (a BEA 2022 model imported from the real tables, a plan written
// against it, a plan file that does not fit): see userWorkspace.ts and dashboardSession.ts.
let root: string;
let store: ObservationStore;
let d: DashboardSession;

before(async () => {
  root = userWorkspace();
  store = await openStore(join(scratch(), "web-ws.sqlite"));
  d = await dashboardSession({ workspace: root, store });
});
after(async () => {
  await d?.close();
  await store?.close();
});
const open = (path: string) => d.open(path);
const goto = (page: Page, path: string) => d.goto(page, path);
const text = async (page: Page, id: string) =>
  ((await page.getByTestId(id).first().textContent()) ?? "").replace(/\s+/g, " ").trim();

test("every view opens on the workspace's own model and plan; the bad plan file is named with its error", async () => {
  for (const view of ["overview", "sector", "editor", "model"]) {
    const page = await open(view);
    assert.equal(await page.getByTestId("model-select").inputValue(), "bea-2022", view);
    assert.equal(await page.getByTestId("plan-select").inputValue(), "us-2023-2027", view);
    const bad = page.getByTestId("problems").locator("li[data-file='plans/broken.yaml']");
    assert.match((await bad.textContent()) ?? "", /plans\/broken\.yaml.*period.*end 2020 is before start 2023/s, view);
    assert.equal(
      await page.getByRole("alert").count(),
      0,
      `${view}: ${await page.getByRole("alert").allTextContents()}`,
    );
    await page.screenshot({ path: join(SHOTS, `user-${view}.png`), fullPage: true });
    await page.close();
  }
});

test("a target that is not observed never reads as a percentage", async () => {
  const page = await open("overview");
  assert.match(await text(page, "not-reviewable"), /names an observed indicator/);
  assert.equal(await page.getByTestId("planned-targets").locator("tbody tr").count(), 3);
  await goto(page, "sector?plan=us-2023-2027&target=housing");
  assert.match(await text(page, "target-title"), /Housing final deliveries/);
  const cells = await page.getByTestId("target-years").locator("tbody td:nth-child(4)").allTextContents();
  assert.deepEqual(cells, ["not observed", "not observed", "not observed", "not observed", "not observed"]);
  await page.close();
});

test("the quadrant has the main column's width and a search box that rings the sector found", async () => {
  const page = await open("model");
  const [chart, column] = await page.evaluate(() => [
    Math.max(
      ...[...document.querySelectorAll("[data-testid=quadrant] svg")].map((e) => e.getBoundingClientRect().width),
    ),
    document.querySelector("main")!.clientWidth,
  ]);
  assert.ok(chart >= 0.85 * column, `quadrant ${chart} px wide in a ${column} px main column`);
  await page.getByTestId("quadrant-search").fill("primary metals");
  await page.locator("[data-testid=quadrant-highlight][data-sector='331']").waitFor();
  assert.match(await text(page, "quadrant-found"), /^331 Primary metals: backward [\d.]+, forward [\d.]+/);
  await page.getByTestId("quadrant-search").fill("no such sector");
  assert.equal(await page.locator("[data-testid=quadrant-highlight]").count(), 0);
  assert.match(await text(page, "quadrant-found"), /no sector matches/);
  await page.close();
});

test("editor: no change before anything changed; the final demand reaches the server's check and changes its result", async () => {
  const page = await open("editor");
  await page.getByTestId("feasibility").waitFor();
  assert.match(await text(page, "outputs"), /^No change in output yet/);
  await page.getByTestId("srv-run").click();
  await page.getByTestId("srv-feasible").waitFor({ timeout: 120_000 });
  assert.match(await text(page, "srv-sent"), /no changes \(the plan as written\)/);
  const asWritten = [
    await text(page, "srv-relaxations"),
    await text(page, "srv-fulfilment"),
    await text(page, "srv-relaxation-list"),
  ];
  await page.getByTestId("demand-sector").selectOption("331");
  await page.getByTestId("demand-factor").fill("300");
  await page.waitForFunction(() => document.querySelector("[data-testid=outputs] tbody tr") !== null);
  // the sector whose demand tripled moves most, up, in the model's unit
  assert.match(await text(page, "outputs"), /USD million/);
  assert.match((await page.getByTestId("outputs").locator("tbody tr").first().textContent()) ?? "", /^331 .*\+[\d,]+/);
  await page.getByTestId("srv-run").click();
  await page
    .getByTestId("srv-sent")
    .filter({ hasText: "final deliveries of 331 × 300 %" })
    .waitFor({ timeout: 120_000 });
  const tripled = [
    await text(page, "srv-relaxations"),
    await text(page, "srv-fulfilment"),
    await text(page, "srv-relaxation-list"),
  ];
  assert.notDeepEqual(tripled, asWritten);
  // beside the plan as written: the metals' final deliveries are cut further when three times as much is asked of them
  const cut = (
    await page
      .getByTestId("srv-summary")
      .locator("tr", { hasText: "largest cut of 331" })
      .locator("td")
      .allTextContents()
  ).map((t) => Number(t.replace(/[^\d.]/g, "")));
  assert.equal(cut.length, 2);
  assert.ok(cut[1] > cut[0], `cut of 331's final deliveries: ${cut.join(" → ")} %`);
  await page.screenshot({ path: join(SHOTS, "user-editor-300.png"), fullPage: true });
  await page.close();
});

test("the bad file removed, the dashboard recovers without a restart; a plan added later can be picked; a file broken again is named on return to the page", async () => {
  const page = await open("overview");
  assert.equal(await page.getByTestId("problems").count(), 1);
  rmSync(join(root, "plans", "broken.yaml"));
  writeFileSync(
    join(root, "plans", "us-short.yaml"),
    USER_PLAN.replace("name: US 2023–2027 test plan", "name: US short plan").replace("end: 2027", "end: 2025"),
  );
  await page.getByTestId("rescan").click();
  await page.waitForFunction(
    () => document.querySelector("[data-testid=problems]") === null && document.body.dataset.ready === "overview",
  );
  await page.getByTestId("plan-select").selectOption("us-short");
  await page.waitForFunction(
    () =>
      document.querySelector("[data-testid=planned-targets] thead")?.textContent?.includes("2025") &&
      !document.querySelector("[data-testid=planned-targets] thead")?.textContent?.includes("2027"),
  );
  assert.match(page.url(), /plan=us-short/);
  // a file broken again is named again when the user comes back to the page (the window regains focus)
  writeFileSync(join(root, "plans", "broken.yaml"), BROKEN_PLAN);
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await page.getByTestId("problems").locator("li[data-file='plans/broken.yaml']").waitFor();
  await goto(page, "model");
  assert.equal(await page.getByTestId("problems").locator("li[data-file='plans/broken.yaml']").count(), 1);
  await page.close();
  assert.deepEqual(d.errors, []);
});
