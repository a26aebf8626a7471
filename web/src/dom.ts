/** The dashboard's few DOM helpers: HTML from a template string, escaping, and the width a chart may take. */

/** Text made safe to put inside HTML (elements and quoted attributes). */
export const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The first element of an HTML fragment (whose variable parts were escaped with `esc`). */
export function h(html: string): HTMLElement {
  const t = document.createElement("template");
  t.innerHTML = html.trim();
  return t.content.firstElementChild as HTMLElement;
}

/** The width of an element's content box (the main column less its padding): what a chart in it may take. */
export function contentWidth(el: HTMLElement, fallback = 900): number {
  const s = getComputedStyle(el);
  const w = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  return w > 0 ? Math.floor(w) : fallback;
}
