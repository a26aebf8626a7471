/** Use cases behind `ioplan report` and the worked example's report: gather results, render, write. */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { formatPercent } from "../engine/index.ts";
import type { LpSolver } from "../engine/index.ts";
import { buildReport } from "../report/report.ts";
import type { PlanSection, ReportInput } from "../report/report.ts";
import { htmlToPdf } from "../report/pdf.ts";
import type { ObservationStore } from "../store/store.ts";
import { analyseModel } from "./analyseModel.ts";
import type { DprkExample } from "./dprk/example.ts";
import { dprkStory } from "./dprk/story.ts";
import { DPRK_PLANS } from "./dprk/example.ts";
import { compareScenarios, loadPlan } from "./planning.ts";
import { reviewPlan } from "./review.ts";

/** A plan file's path as the report prints it: relative to the working folder when inside it, else absolute. */
function shownPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return !rel ? basename(file) : rel.startsWith("..") || isAbsolute(rel) ? resolve(file) : rel;
}

/** The model part of a report: analysis, how it was made, its sources. */
function modelPart(file: string): ReportInput["model"] {
  const { model } = loadPlan(file);
  return {
    analysis: analyseModel(model),
    unit: model.unit,
    notes: model.notes,
    sources: model.sources.map((s) => `${s.title}${s.licence ? ` (${s.licence})` : ""}`),
  };
}

/**
 * A report on plan files: each plan's review (when its targets name observed indicators and a store is given),
 * its scenarios compared, and the first plan's model.
 */
export async function planReport(
  files: readonly string[],
  store: ObservationStore | null,
  solver: LpSolver,
  generated: string,
  title?: string,
  o: { precedence?: string } = {},
): Promise<ReportInput> {
  const plans: PlanSection[] = [];
  for (const file of files) {
    const p = loadPlan(file);
    const observed = p.planFile.targets.some((t) => t.observed);
    plans.push({
      title: p.planFile.name,
      file: shownPath(file),
      unit: p.model.unit,
      review: observed && store ? await reviewPlan(file, store, { precedence: o.precedence }) : undefined,
      comparison: await compareScenarios(file, solver),
    });
  }
  return {
    title: title ?? (plans.length === 1 ? plans[0].title : "ioplan report"),
    generated,
    plans,
    model: files.length ? modelPart(files[0]) : undefined,
  };
}

/** The worked example as a report. */
export function dprkReport(x: DprkExample, root: string, generated: string): ReportInput {
  const s = x.strategy;
  const category = (c: (typeof s.categories)[number]) =>
    `${c.label} ${formatPercent(c.ratio2015)}${c.ratio2014 === null ? "" : ` (${formatPercent(c.ratio2014)} of 2014)`}`;
  return {
    title: "The DPRK's five-year strategy 2016–2020 reviewed, and its 2021–2025 plan checked",
    generated,
    intro: dprkStory(x),
    plans: [
      {
        title: "1. The 2016–2020 strategy",
        file: DPRK_PLANS.strategy,
        unit: "KRW trillion of 2015",
        about: [
          "The strategy published no numeric targets. Its stated aims are encoded as such: every sector " +
            "restores growth (no sector below its 2015 output), with priority to electric power, coal and " +
            "metal. The one figure found, 7 million tonnes of grain, is a national target named in the DPRK's " +
            "2021 report to the UN, not a figure of the strategy.",
          `Under that rule, ${s.categoriesBelow2015} of ${s.categories.length} of the ROK central bank's ` +
            `series were below their 2015 level in 2020 (heavy and chemical industry is one series for metals, ` +
            `chemicals and machinery; value-added growth applied to gross output): ` +
            `${s.categories.map(category).join(", ")}. ` +
            `2015 was a drought year for electricity.`,
        ],
        review: s.review,
        trends: s.physical,
      },
      {
        title: "2. The 2021–2025 plan, as drafted",
        file: DPRK_PLANS.draft,
        unit: "KRW trillion of 2015",
        about: [
          "Published: metals and chemicals as the key links; 50,000 flats in Pyongyang, 10,000 a year. Every " +
            "other target is a stand-in, labelled as an assumption in the plan file and marked [stand-in] in " +
            "the tables. The plan is checked without shocks, under the sanctions, border closure and 2022 " +
            "floods as recorded, and under a hypothetical easing; then set beside what the estimates show " +
            "since 2021 and beside the government's own claims.",
        ],
        review: x.draft.review,
        comparison: x.draft.comparison,
        claims: x.draft.claims,
      },
    ],
    model: modelPart(join(root, DPRK_PLANS.strategy)),
  };
}

/** Writes a report's HTML and Markdown (and PDF, when asked) into `dir`; returns the paths written. */
export async function writeReport(
  input: ReportInput,
  dir: string,
  name: string,
  o: { pdf?: boolean } = {},
): Promise<{ html: string; markdown: string; pdf?: string }> {
  mkdirSync(dir, { recursive: true });
  const { html, markdown } = buildReport(input);
  const out = { html: join(dir, `${name}.html`), markdown: join(dir, `${name}.md`) };
  // write to a temporary name first so a reader never sees half a report
  writeFileSync(`${out.html}.tmp`, html);
  writeFileSync(`${out.markdown}.tmp`, markdown);
  renameSync(`${out.html}.tmp`, out.html);
  renameSync(`${out.markdown}.tmp`, out.markdown);
  if (!o.pdf) return out;
  const pdf = join(dir, `${name}.pdf`);
  await htmlToPdf(html, pdf);
  return { ...out, pdf };
}
