/** PDF from a report's HTML, rendered by Chromium (Debian's, or $IOPLAN_CHROMIUM) through playwright-core. */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

/** Chromium's flags for a headless run with no network side-traffic. */
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Where Chromium is: $IOPLAN_CHROMIUM, else /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.IOPLAN_CHROMIUM ?? "/usr/bin/chromium";
}

/** A PDF could not be made (no Chromium); the HTML report is still written. */
export class PdfUnavailableError extends Error {}

/**
 * Renders HTML to an A4 PDF. Network requests are blocked: a report that needs the network is a bug.
 * @throws PdfUnavailableError when Chromium is not installed.
 */
export async function htmlToPdf(html: string, out: string): Promise<void> {
  const exe = chromiumPath();
  if (!existsSync(exe)) throw new PdfUnavailableError(`no Chromium at ${exe}: install it (apt-get install chromium) or set IOPLAN_CHROMIUM to its path`);
  const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    await page.pdf({ path: out, format: "A4", printBackground: true, margin: { top: "16mm", bottom: "16mm", left: "14mm", right: "14mm" } });
  } finally {
    await browser.close();
  }
}
