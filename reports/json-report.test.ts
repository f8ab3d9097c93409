import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isFunnelstormError } from '../runtime/errors.js';
import { formatJsonReport, writeJsonReport } from './json-report.js';
import { reportVersion, type RunReport } from './report-model.js';

function sampleReport(): RunReport {
  return {
    funnelstormReport: reportVersion,
    seed: 7,
    scenario: {
      name: 'launch-1000',
      resolved: { traffic: { orders: 1000, phases: [{ ratePerSecond: 50 }] } },
    },
    shop: { plan: 'standard', bucketSize: 40, leakPerSecond: 2 },
    pipeline: { name: 'reference', concurrency: 8 },
    orders: {
      generated: 1000,
      created: 998,
      duplicates: 0,
      missing: 0,
      deadLettered: 2,
      unattributed: 0,
      unexpected: 0,
    },
    customers: { checked: 100, lostUpdates: 0, deadLettered: 1 },
    api: {
      calls: 1012,
      status429: 3,
      callsPerSecond: 1.98,
      leakPerSecond: 2,
      leakUtilisation: 0.99,
      status429Share: 0.003,
      retries: 30,
      retryPeakPer100Ms: 4,
    },
    drain: {
      firstCallMs: 12,
      lastCompletionMs: 480_612,
      durationMs: 480_600,
      idealMs: 480_000,
      ratio: 1.001,
      callsPerOrder: 1,
    },
    latencyMs: {
      endToEnd: {
        count: 1000,
        mean: 240_100.5,
        p50: 240_123.9,
        p90: 432_013.3,
        p99: 475_201.1,
        max: 480_600,
      },
      apiCall: { count: 1012, mean: 52.1, p50: 45.055, p90: 120.3, p99: 210.4, max: 950 },
    },
    virtualDurationMs: 480_612,
    events: 123_456,
    deadLetters: [{ sourceOrderId: '1042', reason: '422 Unprocessable Entity', attempts: 1 }],
  };
}

describe('formatJsonReport', () => {
  it('gives the same bytes for equal reports', () => {
    expect(formatJsonReport(sampleReport())).toBe(formatJsonReport(sampleReport()));
  });

  it('indents by two spaces and ends with a newline', () => {
    const text = formatJsonReport(sampleReport());
    expect(text.startsWith('{\n  "funnelstormReport": 1,\n  "seed": 7,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('round-trips to an equal report, numbers unchanged', () => {
    const report = sampleReport();
    expect(JSON.parse(formatJsonReport(report))).toEqual(report);
  });
});

describe('writeJsonReport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'funnelstorm-reports-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the formatted report, creating missing parent directories', async () => {
    const path = join(dir, 'nested', 'deeper', 'out.json');
    await writeJsonReport(path, sampleReport());
    expect(await readFile(path, 'utf8')).toBe(formatJsonReport(sampleReport()));
  });

  it('replaces an existing file', async () => {
    const path = join(dir, 'out.json');
    await writeFile(path, 'old contents that are longer than nothing', 'utf8');
    await writeJsonReport(path, sampleReport());
    expect(await readFile(path, 'utf8')).toBe(formatJsonReport(sampleReport()));
  });

  it('fails with FLAG_INVALID naming the path and the OS reason when the path is not writable', async () => {
    // A regular file where a directory should be: unwritable even for root.
    const blocker = join(dir, 'not-a-directory');
    await writeFile(blocker, '', 'utf8');
    const path = join(blocker, 'out.json');
    let error: unknown;
    try {
      await writeJsonReport(path, sampleReport());
    } catch (caught) {
      error = caught;
    }
    expect(isFunnelstormError(error, 'FLAG_INVALID')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(`Cannot write the JSON report to ${path}: E`);
    expect(message).toMatch(/ENOTDIR|EEXIST/);
    expect(message).toContain('Please choose a writable path for --json.');
  });
});
