/**
 * What a PDF holds, read with Mozilla's pdf.js (no poppler needed): its pages, each page's text, and the fonts it
 * embeds. For tests that check a PDF the way a reader would meet it.
 */
import { readFileSync } from "node:fs";

export interface PdfContents {
  pages: number;
  text: string[];
  fonts: string[];
}

export async function readPdf(file: string): Promise<PdfContents> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(file)),
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  try {
    const text: string[] = [];
    const fonts = new Set<string>();
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      text.push(content.items.map((i) => ("str" in i ? i.str + (i.hasEOL ? "\n" : "") : "")).join(""));
    }
    // the embedded font programs' names, as the file declares them (/BaseFont /ABCDEF+NotoSansKR-Regular)
    for (const m of readFileSync(file, "latin1").matchAll(/\/BaseFont\s*\/([A-Za-z0-9+_-]+)/g)) fonts.add(m[1]);
    return { pages: doc.numPages, text, fonts: [...fonts] };
  } finally {
    await doc.destroy();
  }
}
