import { describe, expect, it } from 'vitest';
import { reportVersion, type RunReport } from './report-model.js';
import { evaluateThresholds, failedThresholds, parseThreshold, type Threshold } from './thresholds.js';

function report(overrides: {
  p99?: number;
  duplicates?: number;
  share?: number;
  ratio?: number | null;
}): RunReport {
  const latency = { count: 10, mean: 5, p50: 4, p90: 8, p99: overrides.p99 ?? 9, max: 10 };
  return {
    funnelstormReport: reportVersion,
    seed: 1,
    scenario: { name: 's', resolved: {} },
    shop: { plan: 'standard', bucketSize: 40, leakPerSecond: 2 },
    pipeline: { name: 'reference', concurrency: 8 },
    orders: {
      generated: 10,
      created: 10,
      duplicates: overrides.duplicates ?? 0,
      missing: 0,
      deadLettered: 5,
      unattributed: 0,
      unexpected: 0,
    },
    customers: { checked: 1, lostUpdates: 0, deadLettered: 0 },
    api: {
      calls: 100,
      status429: 1,
      callsPerSecond: 2,
      leakPerSecond: 2,
      leakUtilisation: 1,
      status429Share: overrides.share ?? 0.01,
      retries: 0,
      retryPeakPer100Ms: 0,
    },
    drain:
      overrides.ratio === undefined
        ? null
        : {
            firstCallMs: 0,
            lastCompletionMs: 1,
            durationMs: 1,
            idealMs: 1,
            ratio: overrides.ratio,
            callsPerOrder: 1,
          },
    latencyMs: { endToEnd: latency, apiCall: latency },
    virtualDurationMs: 1,
    events: 1,
    deadLetters: [],
  };
}

function parsed(text: string): Threshold {
  const result = parseThreshold(text);
  if (!result.ok) throw new Error(result.reason);
  return result.threshold;
}

describe('parseThreshold', () => {
  it('reads the issue’s five examples, durations in ms and percentages as fractions', () => {
    expect(parsed('p99 < 30s')).toEqual({
      expression: 'p99 < 30s',
      metric: 'p99',
      operator: '<',
      limit: 30_000,
    });
    expect(parsed('duplicates == 0')).toMatchObject({ metric: 'duplicates', operator: '==', limit: 0 });
    expect(parsed('rate429 < 0.01')).toMatchObject({ metric: 'rate429', limit: 0.01 });
    expect(parsed('rate429<1%')).toMatchObject({ metric: 'rate429', limit: 0.01 });
    expect(parsed(' deadLettered <= 5 ')).toMatchObject({
      expression: 'deadLettered <= 5',
      operator: '<=',
      limit: 5,
    });
    expect(parsed('drainRatio < 1.05')).toMatchObject({ metric: 'drainRatio', limit: 1.05 });
    expect(parsed('p50 >= 1500ms').limit).toBe(1500);
    expect(parsed('max != 2m').limit).toBe(120_000);
  });

  it('refuses an unknown metric, listing the known ones', () => {
    const result = parseThreshold('p98 < 1s');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/unknown metric "p98" \(known: p50, p90, p99/);
  });

  it('refuses a unit that does not fit the metric, and text that is no threshold', () => {
    expect(parseThreshold('duplicates < 3s')).toMatchObject({ ok: false });
    expect(parseThreshold('p99 < 5%')).toMatchObject({ ok: false });
    expect(parseThreshold('p99 is small')).toMatchObject({ ok: false });
  });
});

describe('evaluateThresholds', () => {
  it('passes what meets its limit and fails what does not, in order', () => {
    const results = evaluateThresholds(report({ p99: 31_000, duplicates: 0 }), [
      parsed('p99 < 30s'),
      parsed('duplicates == 0'),
      parsed('deadLettered <= 5'),
      parsed('rate429 < 0.01'),
    ]);
    expect(results.map((r) => [r.expression, r.actual, r.passed])).toEqual([
      ['p99 < 30s', 31_000, false],
      ['duplicates == 0', 0, true],
      ['deadLettered <= 5', 5, true],
      ['rate429 < 0.01', 0.01, false],
    ]);
    expect(failedThresholds(results).map((r) => r.expression)).toEqual(['p99 < 30s', 'rate429 < 0.01']);
  });

  it('passes a drain ratio threshold when the run has no ratio, and judges one when it has', () => {
    expect(evaluateThresholds(report({}), [parsed('drainRatio < 1.05')])[0]).toMatchObject({
      actual: null,
      passed: true,
    });
    expect(evaluateThresholds(report({ ratio: 1.2 }), [parsed('drainRatio < 1.05')])[0]?.passed).toBe(false);
  });
});
