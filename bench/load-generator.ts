import autocannon from 'autocannon';

/** What {@link runLoad} sends: one request, repeated by `connections` connections. */
export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Concurrent connections (autocannon `-c`). */
  connections: number;
  /** An unmeasured run first, in seconds, so the JIT of server and generator is warm. */
  warmupSeconds: number;
  /** The measured run, in seconds. */
  durationSeconds: number;
}

/** The measured run's figures. */
export interface LoadResult {
  /** 2xx answers per second of the measured run (other answers are not counted as served). */
  okPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  ok: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  durationSeconds: number;
}

/**
 * Saturates a server with autocannon's programmatic API: a warm-up run, then the measured one (autocannon
 * saturates well but paces badly, ../shared/DESIGN.md, so it is only used closed-loop here).
 *
 * @param onMeasure - Called between the warm-up and the measured run.
 */
export async function runLoad(spec: LoadSpec, onMeasure?: () => void): Promise<LoadResult> {
  const common = {
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    pipelining: 1,
  };
  if (spec.warmupSeconds > 0) await autocannon({ ...common, duration: spec.warmupSeconds });
  onMeasure?.();
  const result = await autocannon({ ...common, duration: spec.durationSeconds });
  return {
    okPerSecond: result['2xx'] / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyMaxMs: result.latency.max,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    durationSeconds: result.duration,
  };
}
