// Headless Chromium from the system's package (Debian's chromium), driven by playwright-core, which
// downloads no browser. Each launch gets a fresh profile folder and may not touch the network: every
// request other than a file: URL is refused and recorded.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** The browser, or null when it is not installed (NNLAB_CHROMIUM may name another). */
export function chromiumPath(): string | null {
  const path = process.env.NNLAB_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(path) ? path : null;
}

export const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export interface Session {
  context: BrowserContext;
  /** Requests other than file: URLs, all refused. */
  network: string[];
  /** A page that records console errors and uncaught exceptions. */
  open(url: string): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function launch(): Promise<Session> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no chromium');
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'nnlab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: FLAGS, viewport: { width: 1200, height: 900 } });
  const network: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    network.push(url);
    return route.abort();
  });
  return {
    context,
    network,
    async open(url) {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(url, { waitUntil: 'load' });
      return { page, errors };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
