import type { Placement } from './child-process.js';
import type { HttpBenchResult } from './http-server.js';
import type { MeasuredLoad } from './http-targets.js';

const kilo = (perSecond: number): string => `${(perSecond / 1e3).toFixed(1)} k/s`;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const verdict = (ok: boolean): string => (ok ? 'within budget' : 'BELOW BUDGET');
const where = (p: Placement): string => (p.pinned ? `core ${p.core}` : `unpinned (${p.why})`);
const medianOf = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;
const failures = (run: MeasuredLoad): string =>
  run.non2xx + run.errors > 0 ? ` (${run.non2xx} non-2xx, ${run.errors} errors)` : '';

/**
 * The HTTP section of `npm run bench`, as the simulator's: each ratio first with its budget, then the
 * context figures (absolute rates vary with the machine and are never a pass mark).
 */
export function formatHttpBench(r: HttpBenchResult): string {
  const oursP99 = medianOf(r.ours.map((run) => run.latencyP99Ms));
  const bareP99 = medianOf(r.bare.map((run) => run.latencyP99Ms));
  const bare = medianOf(r.bare.map((run) => run.okPerSecond));
  const { connections, rounds, durationSeconds, warmupSeconds } = r.settings;
  const shape = `-c ${connections}, ${durationSeconds} s runs after ${warmupSeconds} s of warm-up`;
  const lines = [
    `mock HTTP server req/s   ${r.ratio.toFixed(3)} × bare node:http server  (budget ≥ 0.85: ${verdict(r.ratio >= 0.85)})`,
    `  POST /admin/api/2026-01/orders.json, ${r.requestBytes} B order → 201 with ${r.responseBytes} B, ${shape}; ` +
      `server ${where(r.server)}, autocannon ${where(r.generator)}${r.server.pinned ? ' (taskset)' : ''}`,
    `  ours ${kilo(r.oursPerSecond)}, bare ${kilo(bare)} (medians of ${rounds} alternating rounds)` +
      `${r.ours.map(failures).join('')}; fastest run of each: ${r.bestRatio.toFixed(3)} ×`,
    `  p99 latency at -c ${connections}: ours ${oursP99} ms, bare ${bareP99} ms`,
  ];
  if (r.cpuRatio !== undefined) {
    const perCpu = (runs: MeasuredLoad[]) =>
      perCpuSecond(medianOf(runs.map((run) => run.okPerServerCpuSecond ?? NaN)));
    lines.push(
      `  per CPU second of the server process: ${r.cpuRatio.toFixed(3)} × (ours ${perCpu(r.ours)}, ` +
        `bare ${perCpu(r.bare)}) — the same comparison, less sensitive to other load on the machine`,
    );
  }
  const ran = r.peers.flatMap((p) =>
    'load' in p
      ? [`${p.name} ${p.version} ${kilo(p.load.okPerSecond)}${cpuNote(p.load)}${failures(p.load)}`]
      : [],
  );
  const skipped = r.peers.flatMap((p) =>
    'skipped' in p ? [`  ${p.name} ${p.version} skipped: ${p.skipped}`] : [],
  );
  if (r.peerRatio !== undefined) {
    const { ratio, peer } = r.peerRatio;
    lines.push(
      `mock HTTP server req/s   ${ratio.toFixed(1)} × the faster peer mock, ${peer}  (budget ≥ 10: ${verdict(ratio >= 10)})`,
      `  same route and answer: ${ran.join(', ')}`,
    );
  } else if (r.peers.length > 0) {
    lines.push('mock HTTP server req/s   no peer ratio: no peer mock could be measured');
  }
  lines.push(...skipped);
  const { preload, load } = r.memory;
  const heapPerOrder = (preload.heapUsedAfter - preload.heapUsedBefore) / preload.orders;
  const rssPerOrder = (preload.rssAfter - preload.rssBefore) / preload.orders;
  lines.push(
    `mock holding ${preload.orders.toLocaleString('en-US')} orders   p99 ${(load.latencyP99Ms / oursP99).toFixed(2)} × ` +
      `the empty server's (${load.latencyP99Ms} ms vs ${oursP99} ms at the same -c), ${kilo(load.okPerSecond)}${failures(load)}`,
    `  memory per order: heap ${heapPerOrder.toFixed(0)} B, RSS ${rssPerOrder.toFixed(0)} B ` +
      `(heap used ${mb(preload.heapUsedAfter)}, RSS ${mb(preload.rssAfter)} after a full GC); ` +
      `created in-process through service.serve in ${preload.seconds.toFixed(1)} s`,
  );
  return lines.join('\n');
}

function perCpuSecond(answers: number): string {
  return `${(answers / 1e3).toFixed(1)} k per CPU s`;
}

function cpuNote(run: MeasuredLoad): string {
  return run.okPerServerCpuSecond === undefined ? '' : ` (${perCpuSecond(run.okPerServerCpuSecond)})`;
}
