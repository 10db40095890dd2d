import { createHash } from 'node:crypto';
import type { DashboardData } from './read-dashboard-data.js';
import { DASHBOARD_SCRIPT } from './dashboard-script.js';

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1c2833; background: #fbfcfc; }
header { padding: 16px 24px; background: #1c2833; color: #fdfefe; }
header h1 { margin: 0; font-size: 20px; }
main { padding: 8px 24px 40px; max-width: 1200px; }
section { margin-top: 28px; }
h2 { font-size: 17px; border-bottom: 1px solid #d5d8dc; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 6px 0; }
.intro, .note, .empty { color: #566573; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eaeded; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.title { max-width: 420px; overflow-wrap: anywhere; }
.axis, .label { font-size: 11px; fill: #566573; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 14px; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
.cluster { margin-bottom: 14px; }
.size { display: inline-block; min-width: 28px; padding: 0 6px; border-radius: 9px; background: #1c2833; color: #fdfefe; text-align: center; }
.kind { color: #566573; font-weight: normal; }
code.key { white-space: pre-wrap; overflow-wrap: anywhere; }
pre.draft { background: #f2f3f4; padding: 8px; overflow: auto; max-height: 360px; }
button { margin: 6px 0; }
`;

/**
 * JSON inside <script type="application/json">: `<` and the line separators escaped, so no text
 * in the data (a report title of `</script><script>...`) can end the block early.
 */
export function toScriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * The Content-Security-Policy of the page: only its own inline script and style run; nothing is
 * fetched. (In the page's <meta>; the App's route sends it as a header too, with frame-ancestors,
 * which a <meta> cannot carry.)
 */
export const DASHBOARD_CSP = `default-src 'none'; script-src 'sha256-${sha256(DASHBOARD_SCRIPT)}'; style-src 'sha256-${sha256(STYLE)}'; img-src data:; base-uri 'none'; form-action 'none'`;

/**
 * The dashboard as one self-contained HTML file: inline style, inline script, the data as JSON.
 * No external resource of any kind (no CDN, no font), so it works offline and from file://.
 *
 * @example
 * renderDashboard(await readDashboardData(store, { now: new Date() })) // => '<!doctype html>...'
 */
export function renderDashboard(data: DashboardData): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${DASHBOARD_CSP}">
<meta name="referrer" content="no-referrer">
<title>ktriage dashboard</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>ktriage dashboard</h1><div id="summary"></div></header>
<main id="main"><noscript><p>This page builds its tables and charts with JavaScript; the same numbers are in data.json beside it.</p></noscript></main>
<script type="application/json" id="ktriage-data">${toScriptJson(data)}</script>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
}
