import { describe, expect, it } from 'vitest';
import { formatKnee } from './format-knee.js';
import { analyseKnee } from './knee-analysis.js';
import { kneeChartData } from './knee-chart-data.js';
import { kneeHtml } from './knee-html.js';
import { kneeMarkdown } from './knee-markdown.js';
import type { KneeAnalysis } from './knee-model.js';
import { fixtureKneeSweep } from './knee-test-support.js';

const sweep = fixtureKneeSweep();
const base = analyseKnee(sweep);
const analysis: KneeAnalysis = {
  ...base,
  sensitivity: [{ assumption: 'roundTripMs', from: 2500, to: 5000, plan: 'standard', kneeConcurrency: 12 }],
};

describe('formatKnee', () => {
  const text = formatKnee(sweep, analysis, { columns: 100 });
  const lines = text.split('\n');

  it('prints a table per plan, right-aligned, with the recommended point and the knee marked', () => {
    expect(lines[0]).toBe('knee funnel-launch (scenarios/funnel-launch.yaml) · sim · seeds 1, 2, 3');
    expect(text).toContain('standard: bucket 40, leak 2 calls/s, 3 calls per order, ceiling 0.667 orders/s');
    const header = lines.find((line) => line.startsWith('workers'));
    expect(header).toMatch(
      /^workers {2}orders\/s {2}% ceiling {2}calls\/s .* 429s {2}dead letters {2}spread orders\/s \/ p99$/,
    );
    const row7 = lines.find((line) => /^ {6}7 /.test(line));
    expect(row7).toMatch(/ 0\.656 +98\.4 % +1\.97 +5\.9 .* ±1 % \/ ±1 % {2}recommended$/);
    expect(lines.filter((line) => line.endsWith('recommended, knee'))).toHaveLength(1);
  });

  it('wraps the recommendation to the width, indented, and ends with the sensitivity rows', () => {
    const words = lines.filter((line) => line.startsWith('  ') && !/^ +\d/.test(line));
    expect(words.length).toBeGreaterThan(4);
    for (const line of words) expect(line.length).toBeLessThanOrEqual(100);
    expect(words.join(' ')).toContain('standard: run 7 workers: 98 % of the plan');
    expect(lines.slice(-3)).toEqual([
      'Sensitivity (one assumption changed at a time):',
      '  standard: roundTripMs 2,500 → 5,000 moves the knee from 8 to 12',
      '',
    ]);
  });

  it('prints no sensitivity block when the sweep has none', () => {
    expect(formatKnee(sweep, base)).not.toContain('Sensitivity');
  });
});

describe('kneeMarkdown', () => {
  it('writes per plan the recommendation as a quote and a table with one row per point', () => {
    const md = kneeMarkdown(sweep, analysis);
    expect(md.startsWith('## funnelstorm knee: funnel-launch\n')).toBe(true);
    expect(md).toContain('> standard: run 7 workers: 98 %');
    const rows = md.split('\n').filter((line) => line.startsWith('| '));
    // Two plans × (a header and 17 points) plus the separators.
    expect(rows).toHaveLength(2 * (1 + 1 + 17));
    expect(md).toContain('| 7 | 0.656 | 98.4 % |');
    expect(md).toContain('- standard: roundTripMs 2,500 → 5,000 moves the knee from 8 to 12');
  });
});

describe('kneeChartData and kneeHtml', () => {
  it('gives each plan its curve, ceiling, knee and recommended point, p99 in minutes, on a log x axis over 1…128', () => {
    const [standard] = kneeChartData(sweep, analysis);
    expect(standard?.xs).toHaveLength(17);
    expect(standard?.ceilingOrdersPerSecond).toBeCloseTo(2 / 3, 5);
    expect(standard?.kneeX).toBe(8);
    expect(standard?.recommendedX).toBe(7);
    expect(standard?.p99Unit).toBe('min');
    expect(standard?.logX).toBe(true);
  });

  it('writes a page with the data inlined and nothing fetched, escaping the scenario name', () => {
    const html = kneeHtml({ ...sweep, scenario: { name: '<b>launch</b>', file: 'x.yaml' } }, analysis);
    expect(html).toContain('&lt;b&gt;launch&lt;/b&gt;');
    expect(html).not.toContain('<b>launch</b>');
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain('id="knee-chart-1"');
  });
});
