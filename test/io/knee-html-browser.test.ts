import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseKnee } from '../../reports/knee-analysis.js';
import { kneeHtml } from '../../reports/knee-html.js';
import { fixtureKneeSweep } from '../../reports/knee-test-support.js';
import { openInChromium, requireChromium } from '../support/chromium.js';

const root = join(import.meta.dirname, '..', '..');
const hasChromium = requireChromium('knee.html in headless Chromium');
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-knee-html-'));
/** Where the screenshot is kept for people to look at (git-ignored). */
const screenshots = join(root, 'test-output');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface DrawnKnee {
  plan: string;
  points: number;
  kneeX?: number;
  kneePixelX: number | null;
  ceilingPixelY: number | null;
  recommendedPixel: [number, number] | null;
}

describe.skipIf(!hasChromium)('knee.html in headless Chromium', () => {
  it('draws a chart per plan with the ceiling line and the knee marker, logs no error and requests nothing (a hand-built sweep, standard and plus)', async () => {
    // A hand-built sweep (reports/knee-test-support.ts): a realistic curve, not a run.
    const sweep = fixtureKneeSweep();
    const analysis = analyseKnee(sweep);
    const html = kneeHtml(sweep, analysis);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    const file = join(dir, 'knee.html');
    writeFileSync(file, html);

    const { page, requests, errors, close } = await openInChromium(file);
    try {
      // Page code as strings: this project's TypeScript has no DOM types.
      await page.waitForFunction('window.funnelstormKnee !== undefined', undefined, { timeout: 10_000 });
      const drawn = await page.evaluate<DrawnKnee[]>('window.funnelstormKnee');
      expect(drawn.map((chart) => chart.plan)).toEqual(['standard', 'plus']);
      drawn.forEach((chart, i) => {
        expect(chart.points, chart.plan).toBe(sweep.plans[i]?.points.length);
        expect(chart.kneeX, chart.plan).toBe(analysis.plans[i]?.kneeConcurrency);
        expect(chart.kneePixelX, chart.plan).not.toBeNull();
        expect(chart.ceilingPixelY, chart.plan).not.toBeNull();
        expect(chart.recommendedPixel, chart.plan).not.toBeNull();
      });
      // What each canvas drew: all inked pixels, the knee's pink along its column, the ceiling's grey
      // dashes along its row (colours as knee-html-script.ts draws them).
      const inks = await page.evaluate<{ inked: number; kneeInk: number; ceilingInk: number }[]>(`
        [...document.querySelectorAll('canvas')].map((canvas, i) => {
          const chart = window.funnelstormKnee[i];
          const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
          const near = (at, rgb) => Math.abs(data[at] - rgb[0]) < 40 && Math.abs(data[at + 1] - rgb[1]) < 40 && Math.abs(data[at + 2] - rgb[2]) < 40 && data[at + 3] > 128;
          let inked = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) inked++;
          let kneeInk = 0;
          for (let y = 0; y < height; y++) if (near((y * width + chart.kneePixelX) * 4, [216, 27, 96])) kneeInk++;
          let ceilingInk = 0;
          for (let dy = -1; dy <= 1; dy++)
            for (let x = 0; x < width; x++) if (near(((chart.ceilingPixelY + dy) * width + x) * 4, [158, 158, 158])) ceilingInk++;
          return { inked, kneeInk, ceilingInk };
        })`);
      expect(inks).toHaveLength(2);
      for (const ink of inks) {
        expect(ink.inked).toBeGreaterThan(2000);
        expect(ink.kneeInk).toBeGreaterThan(100);
        expect(ink.ceilingInk).toBeGreaterThan(100);
      }
      const legend = await page.evaluate<string>(`document.body.innerText`);
      expect(legend).toContain('ceiling');
      expect(legend).toContain('run 7 workers');
      mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: join(screenshots, 'knee-fixture.png'), fullPage: true });
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});
