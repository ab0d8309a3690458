// report.html and the SVG files in a real browser: Debian's chromium, headless, driven by playwright-core
// (which downloads no browser). Without chromium these tests are skipped, and say so.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launch, type Session } from './helpers/browser.js';
import { nnlab } from './helpers/cli.js';
import { forge } from './helpers/forge.js';

const chromium = chromiumPath();
if (!chromium) console.log('skipped: no chromium (the browser tests need /usr/bin/chromium, e.g. apt-get install chromium)');

const base = mkdtempSync(join(tmpdir(), 'nnlab-browser-'));
const url = (...p: string[]): string => pathToFileURL(join(base, ...p)).href;
let browser: Session;

beforeAll(async () => {
  if (!chromium) return;
  for (const args of [['train', '--out', 'r'], ['regularize', '--keep-prob', '0.86', '--out', 'd'], ['sweep', 'regularize', '--lambd', '0.1,0.7', '--repeat', '2', '--iterations', '2000', '--print-every', '1000', '--out', 's']]) {
    expect(nnlab(args, { cwd: base }).code).toBe(0);
  }
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  rmSync(base, { recursive: true, force: true });
});

/** Texts of every visible SVG on the page whose box (in the SVG's own coordinates) leaves its view box. */
function textsOutside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    document.querySelectorAll('svg').forEach((svg) => {
      const vb = svg.viewBox.baseVal;
      if (svg.getClientRects().length === 0) return; // not displayed
      svg.querySelectorAll('text').forEach((t) => {
        const b = t.getBBox();
        if (b.width === 0 && b.height === 0) return;
        // to the coordinates of the outermost svg: its view box
        const m = (svg.getScreenCTM()!.inverse()).multiply(t.getScreenCTM()!);
        const pts = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]].map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
        const [x0, x1] = [Math.min(...pts.map((p) => p.x)), Math.max(...pts.map((p) => p.x))];
        const [y0, y1] = [Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.y))];
        if (x0 < vb.x - 0.5 || y0 < vb.y - 0.5 || x1 > vb.x + vb.width + 0.5 || y1 > vb.y + vb.height + 0.5) {
          out.push(`"${t.textContent}" [${x0.toFixed(1)}, ${x1.toFixed(1)}] × [${y0.toFixed(1)}, ${y1.toFixed(1)}] outside ${vb.width} × ${vb.height}`);
        }
      });
    });
    return out;
  });
}

/** Distinct colours and the share of non-white pixels of a PNG, decoded by the browser itself. */
function pixels(page: Page, png: Buffer): Promise<{ colours: number; inked: number }> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.width, img.height];
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    let inked = 0;
    for (let i = 0; i < d.length; i += 4) {
      colours.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      if (d[i]! < 245 || d[i + 1]! < 245 || d[i + 2]! < 245) inked++;
    }
    return { colours: colours.size, inked: inked / (d.length / 4) };
  }, png.toString('base64'));
}

const setStage = (page: Page, k: number): Promise<void> =>
  page.$eval('#stage', (el, v) => {
    (el as HTMLInputElement).value = String(v);
    el.dispatchEvent(new Event('input'));
  }, k);

describe.skipIf(!chromium)(chromium ? 'report.html in headless Chromium' : 'skipped: no chromium', () => {
  for (const rec of ['r', 'd']) {
    it(`${rec}: loads with no console error and no request, and the slider steps the boundary through every stage`, async () => {
      const { page, errors } = await browser.open(url(rec, 'report.html'));
      const stages = Number(await page.getAttribute('#stage', 'max')) + 1;
      expect(stages).toBeGreaterThanOrEqual(10);
      const info = JSON.parse((await page.textContent('#stage-info'))!) as string[];
      // the page opens on the last stage, and its label is there before the slider is touched
      expect(await page.textContent('#stage-label')).toBe(info[stages - 1]);
      const boundary = page.locator('figure', { has: page.locator('.mark-shape.stage') });
      const shots = new Set<string>();
      for (let k = 0; k < stages; k++) {
        await setStage(page, k);
        // exactly stage k is displayed, in the boundary and as the rule on the cost chart
        const shown = await page.$$eval('svg .stage', (gs) => gs.filter((g) => getComputedStyle(g).display !== 'none').map((g) => g.getAttribute('class')));
        expect(shown).toEqual([`mark-rule role-mark stage stage-${k} on`, `mark-rule role-mark stage stage-${k} on`, `mark-shape role-mark stage stage-${k} on`]);
        expect(await page.textContent('#stage-label')).toBe(info[k]);
        shots.add((await boundary.screenshot()).toString('base64'));
      }
      // the picture changes as training goes on: many stages look different from each other
      expect(shots.size).toBeGreaterThanOrEqual(10);
      expect(errors).toEqual([]);
      await page.close();
    });

    it(`${rec}: the play button runs to the last stage; screenshots are not blank; every text fits`, async () => {
      const { page, errors } = await browser.open(url(rec, 'report.html'));
      const max = await page.getAttribute('#stage', 'max');
      await setStage(page, 0);
      await page.click('#play');
      await page.waitForFunction((m) => (document.getElementById('stage') as HTMLInputElement).value === m && document.getElementById('play')!.textContent === 'play', max, { timeout: 60_000 });
      // the boundary is mostly its two regions; the cost chart is lines on white
      const regions = await pixels(page, await page.locator('svg', { has: page.locator('.mark-shape.stage') }).screenshot());
      expect(regions.colours).toBeGreaterThan(50);
      expect(regions.inked).toBeGreaterThan(0.4);
      const cost = await pixels(page, await page.locator('#cost-figure .linear svg').screenshot());
      expect(cost.colours).toBeGreaterThan(20);
      expect(cost.inked).toBeGreaterThan(0.02);
      expect(await textsOutside(page)).toEqual([]);
      await page.click('input[name=scale][value=log]');
      expect(await page.isVisible('#cost-figure .log svg')).toBe(true);
      expect(await page.isVisible('#cost-figure .linear svg')).toBe(false);
      expect(await textsOutside(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('the sweep page loads cleanly, draws its charts, and every text fits', async () => {
    const { page, errors } = await browser.open(url('s', 'report.html'));
    expect(await page.locator('svg').count()).toBe(3);
    expect(await page.textContent('body')).toContain('lambd=0.7');
    for (const svg of await page.locator('svg:visible').all()) {
      const { colours, inked } = await pixels(page, await svg.screenshot());
      expect(colours).toBeGreaterThan(20);
      expect(inked).toBeGreaterThan(0.02);
    }
    expect(await textsOutside(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the record\'s SVG files render with every text inside', async () => {
    for (const file of [['r', 'cost.svg'], ['r', 'boundary.svg'], ['d', 'cost.svg'], ['d', 'boundary.svg']]) {
      const { page, errors } = await browser.open(url(...file));
      expect(await textsOutside(page), file.join('/')).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('forged records: markup in any text field and a scripted boundary.svg run nothing', async () => {
    const payload = '<img src=x onerror="document.body.setAttribute(`data-pwned`,1)"><script>document.body.setAttribute("data-pwned",2)</script>';
    forge(join(base, 'r'), join(base, 'inject'), (r) => {
      r.command = payload;
      r.config.dataset = payload;
      r.explanations = [payload];
      r.provenance.node = payload;
    });
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#3288bd"/><script>document.body.setAttribute("data-pwned",3)</script></svg>';
    forge(join(base, 'r'), join(base, 'rawsvg'), () => {}, { 'boundary.json': undefined, 'boundary.svg': svg });
    for (const rec of ['inject', 'rawsvg']) {
      expect(nnlab(['report', rec], { cwd: base }).code).toBe(0);
      const { page, errors } = await browser.open(url(rec, 'report.html'));
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => document.body.getAttribute('data-pwned')), rec).toBeNull();
      expect(errors).toEqual([]);
      await page.close();
    }
    // the boundary.svg is there, as an image that loaded
    const { page } = await browser.open(url('rawsvg', 'report.html'));
    expect(await page.evaluate(() => { const img = document.querySelector('figure img') as HTMLImageElement; return img.complete && img.naturalWidth; })).toBe(40);
    await page.close();
  });

  it('nothing asked for the network', () => {
    expect(browser.network).toEqual([]);
  });
});
