import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

/**
 * The Chromium to drive: `$CHROMIUM` when set, else Debian's `/usr/bin/chromium` (which `.ci/run` installs
 * with apt when it is missing). Playwright's own browser download is not used.
 */
export const chromiumPath = process.env['CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Whether {@link chromiumPath} exists. When it does not: outside CI, warns loudly and returns false, so the
 * suite skips; in CI (`$CI` set), throws, so the suite fails instead of passing empty.
 */
export function requireChromium(suite: string): boolean {
  if (existsSync(chromiumPath)) return true;
  const message = `${chromiumPath} not found (apt-get install chromium, or set CHROMIUM)`;
  if (process.env['CI']) throw new Error(`${suite} needs Chromium and CI is set: ${message}`);
  console.warn(`\n*** SKIPPING ${suite}: ${message} ***\n`);
  return false;
}

/** A page open in headless Chromium, with what it requested and logged. */
export interface OpenedPage {
  page: Page;
  /** URLs requested other than the page's own. */
  requests: string[];
  /** Console errors and warnings, and uncaught page errors. */
  errors: string[];
  close: () => Promise<void>;
}

/**
 * Opens a local file in headless {@link chromiumPath} (1100 × 900) and records every request beyond the
 * page itself and every console error or warning, for the self-contained report pages' tests.
 */
export async function openInChromium(file: string): Promise<OpenedPage> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const pageUrl = pathToFileURL(file).href;
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => {
      if (request.url() !== pageUrl) requests.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pageUrl);
    return { page, requests, errors, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
