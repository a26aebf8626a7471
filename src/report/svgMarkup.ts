import { parseHTML } from "linkedom";

/** Renders a chart with a server-side DOM and returns its SVG/HTML markup. */
export function svg(draw: (doc: Document) => Element): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  return draw(document as unknown as Document).outerHTML;
}
