// The HTML page around a report: one self-contained file (inline style, inline script, inline SVG), with a
// content security policy that forbids loading anything, so the page works offline and never calls out,
// and runs only the page's own script (by its hash): markup that got into the page cannot run any.
import { createHash } from 'node:crypto';

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** JSON for a <script type="application/json"> block: nothing in it can close the block. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/** Marks one stage of an SVG from boundarySpec or costCurveSpec as shown (the page's starting state). */
export const showStage = (svg: string, k: number): string => svg.replace(new RegExp(`(class="[^"]*\\bstage stage-${k})"`, 'g'), '$1 on"');

/** A table of label/value rows; values are HTML already escaped by the caller. */
export const rows = (pairs: readonly (readonly [string, string])[]): string =>
  `<table class="kv">${pairs.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</table>`;

const STYLE = `
:root { color-scheme: light; }
body { font-family: 'DejaVu Sans', Verdana, Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; padding: 24px; max-width: 1100px; line-height: 1.45; }
h1 { font-size: 1.5em; margin: 0 0 4px; }
h1, h2, .sub, .kv td { overflow-wrap: anywhere; }
h2 { font-size: 1.15em; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.sub { color: #555; margin: 0 0 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; min-width: 150px; }
.card .v { font-size: 1.35em; font-weight: bold; }
.card .k { color: #555; font-size: 0.9em; }
.warn { color: #9a3b00; }
.bad { color: #b00020; }
figure { margin: 8px 0 16px; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: 0.9em; max-width: 760px; }
.stage { display: none; }
.stage.on { display: inline; }
.scale-log .linear, .scale-linear .log { display: none; }
.controls { display: flex; align-items: center; gap: 10px; margin: 6px 0; flex-wrap: wrap; }
.controls input[type=range] { width: 320px; max-width: 60vw; }
.controls output { font-variant-numeric: tabular-nums; }
button { font: inherit; padding: 2px 10px; }
table { border-collapse: collapse; font-size: 0.92em; }
th, td { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
table.grid th, table.grid td { border-bottom: 1px solid #eee; padding-right: 14px; }
td.num { font-variant-numeric: tabular-nums; }
.kv th { color: #555; font-weight: normal; white-space: nowrap; }
details { margin: 8px 0; }
code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 0.92em; }
`;

// Sliders step a figure through its stages (and the cost chart's matching rule); the play button runs
// through them; scale toggles switch between the linear and log charts.
const SCRIPT = `
(function () {
  var info = JSON.parse(document.getElementById('stage-info').textContent || '[]');
  function show(k) {
    document.querySelectorAll('svg .stage').forEach(function (g) { g.classList.toggle('on', g.classList.contains('stage-' + k)); });
    var out = document.getElementById('stage-label');
    if (out && info[k]) out.textContent = info[k];
  }
  var slider = document.getElementById('stage');
  var play = document.getElementById('play');
  var timer = null;
  function stop() { if (timer) { clearInterval(timer); timer = null; play.textContent = 'play'; } }
  if (slider) {
    show(Number(slider.value)); // the label of the stage shown when the page opens
    slider.addEventListener('input', function () { stop(); show(Number(slider.value)); });
    play.addEventListener('click', function () {
      if (timer) return stop();
      if (Number(slider.value) >= Number(slider.max)) slider.value = '0';
      show(Number(slider.value));
      play.textContent = 'pause';
      timer = setInterval(function () {
        if (Number(slider.value) >= Number(slider.max)) return stop();
        slider.value = String(Number(slider.value) + 1);
        show(Number(slider.value));
      }, 350);
    });
  }
  document.querySelectorAll('input[name=scale]').forEach(function (r) {
    r.addEventListener('change', function () {
      var box = document.getElementById('cost-figure');
      box.className = 'scale-' + r.value;
    });
  });
})();
`;

/** The one script the page may run, as the content security policy names it. */
const SCRIPT_HASH = `'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`;

export interface PageParts {
  title: string;
  body: string;
  /** One label per stage, shown beside the slider. */
  stageInfo?: readonly string[];
}

export function page(p: PageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src ${SCRIPT_HASH}; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${esc(p.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${p.body}
<script type="application/json" id="stage-info">${scriptJson(p.stageInfo ?? [])}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
