import { describe, expect, it } from 'vitest';
import { isFunnelstormError } from '../runtime/errors.js';
import {
  createLatencyRecorder,
  emptyLatencySummary,
  initLatencyRecorders,
  latencyRecorderEngine,
  maxRecordableLatencyMs,
  type LatencyRecorder,
  type LatencyRecorderEngine,
} from './latency-recorder.js';

/** 1, 2, …, 1000 ms: p50 = 500, p90 = 900, p99 = 990, max = 1000, mean = 500.5. */
function recordOneToThousand(recorder: LatencyRecorder, order: 'up' | 'down' = 'up'): void {
  for (let i = 1; i <= 1000; i++) recorder.record(order === 'up' ? i : 1001 - i);
}

/** Within HDR's 3 significant digits: at most 0.1 % above the exact value, never below it. */
function expectWithinHdrPrecision(actual: number, exact: number): void {
  expect(actual).toBeGreaterThanOrEqual(exact);
  expect(actual).toBeLessThanOrEqual(exact * 1.001);
}

// This block must stay first: WebAssembly initialisation is per module, and later blocks perform it.
describe('createLatencyRecorder before WebAssembly is initialised', () => {
  it('uses the JS build', () => {
    expect(latencyRecorderEngine()).toBe('js');
    const recorder = createLatencyRecorder();
    expect(recorder.engine).toBe('js');
    recorder.destroy();
  });

  it('refuses an explicit wasm engine with a clear error', () => {
    expect(() => createLatencyRecorder({ engine: 'wasm' })).toThrow(/await initLatencyRecorders\(\)/);
  });
});

describe.each<LatencyRecorderEngine>(['js', 'wasm'])('a %s latency recorder', (engine) => {
  const create = async (): Promise<LatencyRecorder> => {
    await initLatencyRecorders();
    return createLatencyRecorder({ engine });
  };

  it('runs on the requested build', async () => {
    const recorder = await create();
    expect(recorder.engine).toBe(engine);
    recorder.destroy();
  });

  it('summarises 1..1000 ms as p50 ≈ 500, p90 ≈ 900, p99 ≈ 990, max 1000, mean 500.5', async () => {
    const recorder = await create();
    recordOneToThousand(recorder);
    const summary = recorder.summary();
    expect(summary.count).toBe(1000);
    expect(summary.mean).toBe(500.5);
    expectWithinHdrPrecision(summary.p50, 500);
    expectWithinHdrPrecision(summary.p90, 900);
    expectWithinHdrPrecision(summary.p99, 990);
    expect(summary.max).toBe(1000);
    recorder.destroy();
  });

  it('gives the same summary for the same values in another order', async () => {
    const up = await create();
    const down = await create();
    recordOneToThousand(up, 'up');
    recordOneToThousand(down, 'down');
    expect(down.summary()).toEqual(up.summary());
    up.destroy();
    down.destroy();
  });

  it('keeps microsecond resolution and rounds the summary to 3 decimals', async () => {
    const recorder = await create();
    recorder.record(0.0004); // Rounds to 0 µs, recorded as the lowest value, 1 µs.
    recorder.record(1.2345); // 1234.5 µs rounds to 1235 µs.
    const summary = recorder.summary();
    expect(summary.max).toBe(1.235);
    expect(summary.mean).toBe(0.618);
    expect(summary.p50).toBe(0.001);
    recorder.destroy();
  });

  it('never reports a percentile above the exact maximum', async () => {
    const recorder = await create();
    for (let i = 0; i < 100; i++) recorder.record(1000);
    expect(recorder.summary()).toMatchObject({ p50: 1000, p90: 1000, p99: 1000, max: 1000 });
    recorder.destroy();
  });

  it('records zero, negative values and NaN as 1 µs without throwing', async () => {
    const recorder = await create();
    recorder.record(0);
    recorder.record(-5);
    recorder.record(Number.NaN);
    expect(recorder.summary()).toEqual({
      count: 3,
      mean: 0.001,
      p50: 0.001,
      p90: 0.001,
      p99: 0.001,
      max: 0.001,
    });
    recorder.destroy();
  });

  it('tracks values beyond one day and clamps +Infinity to the largest recordable value', async () => {
    const recorder = await create();
    const twoDaysMs = 2 * 86_400_000;
    recorder.record(twoDaysMs);
    expect(recorder.summary().max).toBe(twoDaysMs);
    recorder.record(Number.POSITIVE_INFINITY);
    expect(recorder.summary().max).toBe(maxRecordableLatencyMs);
    recorder.destroy();
  });

  it('summarises an empty recorder as all zeros', async () => {
    const recorder = await create();
    expect(recorder.summary()).toEqual(emptyLatencySummary);
    expect(recorder.count).toBe(0);
    recorder.destroy();
  });

  it('refuses to record or summarise after destroy, and destroy is idempotent', async () => {
    const recorder = await create();
    recorder.record(5);
    recorder.destroy();
    recorder.destroy();
    const error = (() => {
      try {
        recorder.record(5);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isFunnelstormError(error, 'INTERNAL')).toBe(true);
    expect(() => recorder.summary()).toThrow(/destroyed/);
  });
});

describe('initLatencyRecorders', () => {
  it('is idempotent and makes WebAssembly the default build', async () => {
    const first = initLatencyRecorders();
    const second = initLatencyRecorders();
    expect(second).toBe(first);
    await first;
    expect(latencyRecorderEngine()).toBe('wasm');
    const recorder = createLatencyRecorder();
    expect(recorder.engine).toBe('wasm');
    recorder.destroy();
  });

  it('makes both builds give identical summaries for the same values', async () => {
    await initLatencyRecorders();
    const js = createLatencyRecorder({ engine: 'js' });
    const wasm = createLatencyRecorder({ engine: 'wasm' });
    for (let i = 0; i < 5000; i++) {
      // A skewed, deterministic spread from 0.1 ms to about 60 s.
      const ms = 0.1 * Math.pow(1.0027, i);
      js.record(ms);
      wasm.record(ms);
    }
    expect(wasm.summary()).toEqual(js.summary());
    js.destroy();
    wasm.destroy();
  });
});
