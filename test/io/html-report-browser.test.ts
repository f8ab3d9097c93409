import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../bin/cli.js';
import { openInChromium, requireChromium } from '../support/chromium.js';

const root = join(import.meta.dirname, '..', '..');
const hasChromium = requireChromium('report.html in headless Chromium');
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-html-'));
/** Where the screenshot is kept for people to look at (git-ignored). */
const screenshots = join(root, 'test-output');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasChromium)('report.html in headless Chromium', () => {
  it('draws every chart with data, logs no error and requests nothing (chaos-standard, seed 1)', async () => {
    const out = join(dir, 'chaos');
    const quiet = { stdout: () => undefined, stderr: () => undefined, color: false };
    const code = await main(
      ['run', join(root, 'scenarios', 'chaos-standard.yaml'), '--quiet', '--out', out],
      quiet,
    );
    expect(code).toBe(0);
    const file = join(out, 'report.html');
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    console.log(`report.html: ${statSync(file).size} bytes`);

    const { page, requests, errors, close } = await openInChromium(file);
    try {
      // Page code as strings: this project's TypeScript has no DOM types.
      await page.waitForFunction('window.funnelstormCharts !== undefined', undefined, { timeout: 10_000 });
      const charts = await page.evaluate<{ id: string; points: number }[]>('window.funnelstormCharts');
      expect(charts.map((chart) => chart.id)).toEqual([
        'latency-spectrum',
        'calls-per-second',
        'bucket-level',
        'queue-depth',
      ]);
      for (const chart of charts) expect(chart.points, chart.id).toBeGreaterThan(10);
      // Each canvas has pixels drawn beyond the blank background.
      const inked = await page.evaluate<number[]>(`[...document.querySelectorAll('canvas')].map((canvas) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let count = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
        return count;
      })`);
      expect(inked).toHaveLength(4);
      for (const count of inked) expect(count).toBeGreaterThan(500);
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'report-chaos-standard.png'), fullPage: true });
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 120_000);
});
