/**
 * PDF from a report's HTML, rendered by Chromium through playwright-core. Chromium is found in this order:
 * $IOPLAN_CHROMIUM (a path, or `system` or `npm` to pick the source), a system Chromium (/usr/bin/chromium and its
 * usual names), then the headless Chromium that the npm package `@sparticuz/chromium` ships (unpacked once into the
 * temporary folder), so no system package is needed.
 */
import { IoplanError } from "../engine/index.ts";
import { existsSync } from "node:fs";
import type { Browser, BrowserType } from "playwright-core";

/** Chromium's flags for a headless run with no network side-traffic. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A PDF could not be made (no Chromium, or no playwright-core); the HTML report is still written. */
export class PdfUnavailableError extends IoplanError {
  constructor(message: string) {
    super("pdf-unavailable", message, 503);
  }
}

/** Where system packages put Chromium. */
const SYSTEM_CHROMIUM = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

let found: Promise<{ path: string; from: string }> | undefined;

/**
 * The Chromium ioplan drives, and where it came from ("IOPLAN_CHROMIUM", "system", "@sparticuz/chromium").
 * @throws PdfUnavailableError saying what to install when there is none.
 */
export function findChromium(): Promise<{ path: string; from: string }> {
  found ??= (async () => {
    const configured = process.env.IOPLAN_CHROMIUM;
    if (configured && configured !== "system" && configured !== "npm") {
      if (!existsSync(configured))
        throw new PdfUnavailableError(
          `IOPLAN_CHROMIUM=${configured}: no such file; point it at a Chromium executable, ` +
            "or unset it to use the system's or the npm package's",
        );
      return { path: configured, from: "IOPLAN_CHROMIUM" };
    }
    const system = configured === "npm" ? undefined : SYSTEM_CHROMIUM.find((p) => existsSync(p));
    if (system) return { path: system, from: "system" };
    if (configured === "system")
      throw new PdfUnavailableError(`IOPLAN_CHROMIUM=system: no system Chromium at ${SYSTEM_CHROMIUM.join(", ")}`);
    let pkg: { default: { executablePath(): Promise<string> } };
    try {
      pkg = await import("@sparticuz/chromium");
    } catch {
      throw new PdfUnavailableError(
        "no Chromium: install the npm package (npm install @sparticuz/chromium playwright-core), a system Chromium, " +
          "or set IOPLAN_CHROMIUM to its path",
      );
    }
    return { path: await pkg.default.executablePath(), from: "@sparticuz/chromium" };
  })();
  found.catch(() => (found = undefined));
  return found;
}

/**
 * A headless Chromium under playwright-core, with {@link CHROMIUM_ARGS}; the caller closes it.
 * @throws PdfUnavailableError when Chromium or playwright-core is missing, naming what to install.
 */
export async function launchChromium(): Promise<Browser> {
  const { path } = await findChromium();
  let playwright: { chromium: BrowserType };
  try {
    playwright = await import("playwright-core");
  } catch {
    throw new PdfUnavailableError("playwright-core is not installed: npm install playwright-core");
  }
  return playwright.chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
}

/** The PDF's page footer: "page n of N" (Chromium fills the classes in; its templates need an explicit font size). */
const PAGE_FOOTER =
  '<div style="width:100%;font:8px sans-serif;color:#666;text-align:center">' +
  'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

/**
 * Renders HTML to an A4 PDF, every <details> opened and each page numbered. Network requests are blocked: a report
 * that needs the network is a bug.
 * @throws PdfUnavailableError when Chromium is not available.
 */
export async function htmlToPdf(html: string, out: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: "load" });
    // every inlined face loaded before printing (Chromium loads a face lazily, when layout first asks for it)
    await page.evaluate(() =>
      Promise.all([...document.fonts].map((f) => f.load()))
        .then(() => document.fonts.ready)
        .then(() => undefined),
    );
    // the PDF is read by people who never run ioplan: every source and piece of evidence printed, not folded away
    await page.evaluate(() => document.querySelectorAll("details").forEach((d) => d.setAttribute("open", "")));
    await page.emulateMedia({ media: "print" });
    await page.pdf({
      path: out,
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: PAGE_FOOTER,
      margin: { top: "16mm", bottom: "18mm", left: "14mm", right: "14mm" },
    });
  } finally {
    await browser.close();
  }
}
