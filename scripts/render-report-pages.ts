/**
 * Renders every page of a PDF to a PNG, to look at a report as a reader holding the printout would: Mozilla's pdf.js
 * draws each page into a canvas inside the headless Chromium that ioplan prints with (no poppler needed).
 *
 * Usage: npx tsx scripts/render-report-pages.ts <file.pdf> [out-dir] [--scale 1.333]
 * Writes <out-dir>/<name>-p01.png, -p02.png, …; the default scale 96/72 is print size on a 96 dpi screen
 * (an A4 page 794 × 1123 pixels). Needs Chromium as `ioplan report --pdf` does (IOPLAN_CHROMIUM=npm to use the
 * npm package's).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import { launchChromium } from "../src/report/pdf.ts";

const args = process.argv.slice(2);
const scaleAt = args.indexOf("--scale");
const scale = scaleAt >= 0 ? Number(args.splice(scaleAt, 2)[1]) : 96 / 72;
const [file, outDir = dirname(file ?? ".")] = args;
if (!file || !(scale > 0)) {
  console.error("usage: npx tsx scripts/render-report-pages.ts <file.pdf> [out-dir] [--scale 1.333]");
  process.exit(2);
}

const pdfjsDir = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
const ORIGIN = "http://pages.invalid";
/** What the page may load: pdf.js, its worker and the PDF, all from disk. */
const files: Record<string, { body: Buffer | string; type: string }> = {
  "/": { body: "<!doctype html><html><body style='margin:0;background:#888'></body></html>", type: "text/html" },
  "/pdf.mjs": { body: readFileSync(join(pdfjsDir, "build/pdf.mjs")), type: "text/javascript" },
  "/pdf.worker.mjs": { body: readFileSync(join(pdfjsDir, "build/pdf.worker.mjs")), type: "text/javascript" },
  "/file.pdf": { body: readFileSync(file), type: "application/pdf" },
};

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    const f = url.origin === ORIGIN ? files[url.pathname] : undefined;
    return f ? route.fulfill({ body: f.body, contentType: f.type }) : route.abort();
  });
  await page.goto(`${ORIGIN}/`);
  const pngs: string[] = await page.evaluate(async (scale) => {
    const pdfjs = await import(/* @vite-ignore */ `${location.origin}/pdf.mjs`);
    pdfjs.GlobalWorkerOptions.workerSrc = `${location.origin}/pdf.worker.mjs`;
    const doc = await pdfjs.getDocument({ url: `${location.origin}/file.pdf` }).promise;
    const out: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const p = await doc.getPage(n);
      const viewport = p.getViewport({ scale });
      const canvas = document.createElement("canvas");
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      await p.render({ canvas, canvasContext: canvas.getContext("2d")!, viewport }).promise;
      out.push(canvas.toDataURL("image/png"));
    }
    return out;
  }, scale);
  mkdirSync(outDir, { recursive: true });
  const stem = basename(file).replace(/\.pdf$/i, "");
  pngs.forEach((url, i) => {
    const out = join(outDir, `${stem}-p${String(i + 1).padStart(2, "0")}.png`);
    writeFileSync(out, Buffer.from(url.slice(url.indexOf(",") + 1), "base64"));
    console.log(out);
  });
} finally {
  await browser.close();
}
