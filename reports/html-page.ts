import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let uplotAssets: { script: string; style: string } | undefined;

/** uPlot's minified browser build and its stylesheet, read once from the installed package (MIT). */
export function uplot(): { script: string; style: string } {
  if (uplotAssets === undefined) {
    const require = createRequire(import.meta.url);
    const read = (file: string): string => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
    uplotAssets = { script: read('uPlot.iife.min.js'), style: read('uPlot.min.css') };
  }
  return uplotAssets;
}

/** What {@link htmlPage} puts on a page. */
export interface HtmlPageParts {
  title: string;
  /** CSS after the shared rules (body, tables, charts); later rules win. */
  css: string;
  /** The body's HTML, after the title's heading. */
  body: string;
  /** The id of the JSON script element holding `data`, which `script` reads. */
  dataId: string;
  data: unknown;
  /** The page's own script (plain ES2017), run after uPlot. */
  script: string;
}

/**
 * A self-contained report page (report.html, knee.html): uPlot and its stylesheet inlined, the data as a
 * JSON script element, a Content-Security-Policy that allows no request of any kind, so it opens offline.
 */
export function htmlPage(parts: HtmlPageParts): string {
  const { script, style } = uplot();
  const data = JSON.stringify(parts.data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(parts.title)}</title>
<style>${style}
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px; color: #212121; }
table { border-collapse: collapse; margin: 8px 0 16px; }
td, th { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
.chart { margin: 16px 0; }
${parts.css}
</style>
</head>
<body>
<h1>${escapeHtml(parts.title)}</h1>
${parts.body}
<script type="application/json" id="${escapeHtml(parts.dataId)}">${data}</script>
<script>${script}</script>
<script>${parts.script}</script>
</body>
</html>
`;
}

/** Text safe in HTML content and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
