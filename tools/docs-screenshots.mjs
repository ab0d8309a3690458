// The README's pictures: real runs' report.html pages and SVG files, screenshotted by headless Chromium
// (Debian's, driven by playwright-core). Run after `npm run build`: node tools/docs-screenshots.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DOCS = join(ROOT, 'docs');
const BROWSER = process.env.NNLAB_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(BROWSER)) throw new Error(`no chromium at ${BROWSER} (apt-get install chromium)`);

const work = mkdtempSync(join(tmpdir(), 'nnlab-docs-'));
const nnlab = (...args) => execFileSync(process.execPath, [join(ROOT, 'bin/nnlab.js'), ...args, '--quiet'], { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
nnlab('train', '--init', 'he', '--out', 'he');
nnlab('regularize', '--out', 'reg-none');
nnlab('regularize', '--lambd', '0.7', '--out', 'reg-l2');
nnlab('regularize', '--keep-prob', '0.86', '--out', 'reg-dropout');
nnlab('train', '--activation', 'tanh', '--init', 'xavier', '--out', 'tanh-xavier');
nnlab('train', '--activation', 'tanh', '--init', 'random', '--out', 'tanh-random');
nnlab('train', '--dataset', 'flower', '--layers', '2,4,1', '--activation', 'tanh', '--init', 'random', '--scale', '0.01', '--seed', '2', '--lr', '1.2', '--iterations', '10000', '--out', 'flower');

const browser = await chromium.launch({ executablePath: BROWSER, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1000, height: 900 }, deviceScaleFactor: 1 });
const url = (...p) => pathToFileURL(join(work, ...p)).href;
try {
  // The report page of the dropout run, from its title to the boundary (the settings and provenance
  // follow), the slider at the first stage from iteration 6000 on, early in training (the README's
  // caption names the stage this prints).
  await page.goto(url('reg-dropout', 'report.html'));
  const labels = JSON.parse(await page.locator('#stage-info').textContent());
  const k = labels.findIndex((l) => Number(/^iteration (\d+)/.exec(l)[1]) >= 6000);
  await page.$eval('#stage', (el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }, k);
  console.log(`report-dropout.png: stage ${k}: ${labels[k]}`);
  const settings = await page.locator('h2', { hasText: 'Settings' }).boundingBox();
  await page.screenshot({ path: join(DOCS, 'report-dropout.png'), fullPage: true, clip: { x: 0, y: 0, width: 1000, height: Math.round(settings.y - 8) } });
  // Single pictures: the records' own SVG files.
  for (const [dir, file, out] of [
    ['he', 'cost.svg', 'cost-init-he.png'],
    ['he', 'boundary.svg', 'boundary-init-he.png'],
    ['reg-none', 'boundary.svg', 'boundary-reg-none.png'],
    ['reg-l2', 'boundary.svg', 'boundary-reg-l2.png'],
    ['tanh-xavier', 'boundary.svg', 'boundary-tanh-xavier.png'],
    ['tanh-random', 'boundary.svg', 'boundary-tanh-random.png'],
    ['flower', 'boundary.svg', 'boundary-flower.png'],
  ]) {
    await page.goto(url(dir, file));
    await page.locator('svg').first().screenshot({ path: join(DOCS, out) });
    console.log(`docs/${out}`);
  }
  console.log('docs/report-dropout.png');
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
