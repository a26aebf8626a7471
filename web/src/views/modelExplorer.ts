/**
 * Model explorer: the key-sector quadrant over the main column's width, with a search box that finds a sector
 * (by code or name) and rings it on the chart; output multipliers and linkages; the largest flows.
 */
import { formatNumber } from "../../../src/engine/index.ts";
import { keySectorQuadrant } from "../../../src/report/charts.ts";
import type { ModelAnalysis } from "../api.ts";
import { getModel } from "../api.ts";
import { contentWidth, esc, h } from "../dom.ts";
import type { Context } from "./context.ts";

type Row = ModelAnalysis["analysis"]["rows"][number];
/** What Observable Plot puts on the element it returns: the scales, to place a mark of our own. */
type Scaled = Element & { scale?: (name: "x" | "y") => { apply(v: number): number } | undefined };

/** One sector's row of the multiplier table: output, Type I multiplier, linkages and class. */
function multiplierRow(r: Row): string {
  return (
    `<tr><td>${esc(r.code)} ${esc(r.name)}</td><td class="n">${formatNumber(r.output)}</td>` +
    `<td class="n" data-multiplier="${esc(r.code)}">${formatNumber(r.outputMultiplier, { digits: 4 })}</td>` +
    `<td class="n">${formatNumber(r.backwardLinkage, { digits: 3 })}</td>` +
    `<td class="n">${formatNumber(r.forwardLinkage, { digits: 3 })}</td><td>${esc(r.keySector)}</td></tr>`
  );
}

/** Draws the model explorer for the chosen model. */
export async function modelExplorer(main: HTMLElement, ctx: Context): Promise<void> {
  main.replaceChildren(h(`<h1>Model explorer</h1>`), ...ctx.top);
  const modelId = ctx.sel.model?.id;
  if (!modelId) return void main.append(h(`<p data-testid="no-model">No model in this workspace can be used yet.</p>`));
  const m = await getModel(modelId);
  const rows = m.analysis.rows;
  main.append(
    h(
      `<p>${esc(m.name)}: ${rows.length} sectors (${esc(m.unit)}); output reproduced from final demand with ` +
        `a largest relative error of ${formatNumber(m.analysis.reproduction.maxRelativeError)} (residual ` +
        `${formatNumber(m.analysis.reproduction.residual)}).</p>`,
    ),
  );
  main.append(quadrant(rows, contentWidth(main)));
  const top = [...rows].sort((a, b) => b.outputMultiplier - a.outputMultiplier).slice(0, 40);
  main.append(
    h(
      `<table data-testid="multipliers"><caption>Output multipliers (Type I) and ` +
        `linkages${rows.length > 40 ? ", top 40" : ""}</caption><thead><tr><th scope="col">sector</th>` +
        `<th scope="col">output (${esc(m.unit)})</th><th scope="col">multiplier</th><th scope="col">backward` +
        `</th><th scope="col">forward</th><th scope="col">class</th></tr></thead>` +
        `<tbody>${top.map(multiplierRow).join("")}</tbody>` +
        `</table>`,
    ),
  );
  main.append(
    h(
      `<table data-testid="flows"><caption>Largest flows between sectors (${esc(m.unit)})</caption>` +
        `<thead><tr><th scope="col">from</th><th scope="col">to</th><th scope="col">flow</th></tr></thead>` +
        `<tbody>${m.largestFlows
          .slice(0, 15)
          .map(
            (f) => `<tr><td>${esc(f.from)}</td><td>${esc(f.to)}</td><td class="n">${formatNumber(f.value)}</td></tr>`,
          )
          .join("")}</tbody></table>`,
    ),
  );
  main.append(
    h(
      `<details><summary>How the model was made</summary>` +
        `<ol>${m.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ol></details>`,
    ),
  );
}

/** The quadrant with a sector search: the sector found is ringed and named on the chart, its linkages said in words. */
function quadrant(rows: Row[], width: number): HTMLElement {
  const search =
    `<input id="quadrant-search" data-testid="quadrant-search" list="quadrant-sectors" type="search" ` +
    `placeholder="code or name, e.g. ${esc(rows[0]?.code ?? "")}" autocomplete="off" size="32" />`;
  const options = rows.map((r) => `<option value="${esc(r.code)}">${esc(r.name)}</option>`).join("");
  const caption =
    "Key-sector quadrant: backward against forward linkages (normalised)" +
    (rows.length > 12 ? "; the 12 most linked sectors are named" : "");
  const section = h(`<section aria-labelledby="quad-h"><h2 id="quad-h">Key sectors</h2>
    <p><label for="quadrant-search">Find a sector</label> ${search}
    <datalist id="quadrant-sectors">${options}</datalist>
    <span data-testid="quadrant-found" aria-live="polite" class="muted"></span></p>
    <figure data-testid="quadrant"><figcaption>${caption}</figcaption></figure></section>`);
  const fig = section.querySelector("figure")!;
  const chart = keySectorQuadrant(
    rows.map((r) => ({ code: r.code, backward: r.backwardLinkage, forward: r.forwardLinkage })),
    document,
    { width },
  ) as Scaled;
  fig.prepend(chart);
  const found = section.querySelector("[data-testid=quadrant-found]")!;
  const input = section.querySelector("input")!;
  input.addEventListener("input", () => {
    const q = input.value.trim().toLowerCase();
    const matches = q ? searchSectors(rows, q) : [];
    const r = matches[0];
    ring(chart, r);
    const others = matches.slice(1, 4).map((x) => `${x.code} ${x.name}`);
    const also = others.length
      ? ` (also matching: ${others.join("; ")}${matches.length > 4 ? `; ${matches.length - 4} more` : ""})`
      : "";
    found.textContent = !q
      ? ""
      : r
        ? `${r.code} ${r.name}: backward ${formatNumber(r.backwardLinkage, { digits: 3 })}, forward ` +
          `${formatNumber(r.forwardLinkage, { digits: 3 })} (${r.keySector})${also}`
        : `no sector matches “${input.value.trim()}”`;
  });
  return section;
}

/**
 * Sectors matching a search, best first: the code itself, codes that start with it, names with a word that starts
 * with it ("metal" finds Primary metals and Fabricated metal products), then names that contain it (Nonmetallic).
 */
function searchSectors(rows: Row[], q: string): Row[] {
  const word = new RegExp(`(^|[^a-z0-9])${q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "i");
  const rank = (x: Row) =>
    x.code.toLowerCase() === q
      ? 0
      : x.code.toLowerCase().startsWith(q)
        ? 1
        : word.test(x.name)
          ? 2
          : x.name.toLowerCase().includes(q)
            ? 3
            : 4;
  return rows
    .map((x) => ({ x, k: rank(x) }))
    .filter((m) => m.k < 4)
    .sort((a, b) => a.k - b.k)
    .map((m) => m.x);
}

/** Rings one sector on the quadrant (or none), in the chart's own coordinates. */
function ring(chart: Scaled, r: Row | undefined): void {
  const svg = chart.tagName.toLowerCase() === "svg" ? chart : [...chart.querySelectorAll("svg")].at(-1);
  svg?.querySelector("[data-testid=quadrant-highlight]")?.remove();
  const x = chart.scale?.("x");
  const y = chart.scale?.("y");
  if (!svg || !r || !x || !y) return;
  const cx = x.apply(r.backwardLinkage);
  const cy = y.apply(r.forwardLinkage);
  const ns = "http://www.w3.org/2000/svg";
  const g = document.createElementNS(ns, "g");
  g.setAttribute("data-testid", "quadrant-highlight");
  g.setAttribute("data-sector", r.code);
  const circle = document.createElementNS(ns, "circle");
  for (const [k, v] of Object.entries({ cx, cy, r: 9, fill: "none", stroke: "#c0392b", "stroke-width": 2.5 }))
    circle.setAttribute(k, String(v));
  const label = document.createElementNS(ns, "text");
  // beside the ring, on the side with room (Plot centres its text; this label is anchored at one end)
  const right = cx < Number(svg.getAttribute("width") ?? 0) - 90;
  for (const [k, v] of Object.entries({
    x: right ? cx + 13 : cx - 13,
    y: cy + 4,
    "text-anchor": right ? "start" : "end",
    fill: "#c0392b",
    "font-weight": 700,
    stroke: "white",
    "stroke-width": 3,
    "paint-order": "stroke",
  }))
    label.setAttribute(k, String(v));
  label.textContent = r.code;
  g.append(circle, label);
  svg.append(g);
}
