import { availableParallelism } from 'node:os';
import { canPin, type Placement } from './child-process.js';
import { captureAnswer, loadFrom, startTarget, type MeasuredLoad } from './http-targets.js';
import type { PreloadMemory } from './preload-orders.js';
import { measurePeers, type PeerFigures } from './peers/measure-peers.js';
import type { PeerName } from './peers/start-peer.js';

/** Settings of {@link benchHttpServer}. */
export interface HttpBenchOptions {
  /** autocannon connections. Defaults to 50 (the `-c 50` the p99 budget names). */
  connections: number;
  /** Unmeasured seconds before each measured run. Defaults to 1. */
  warmupSeconds: number;
  /** Measured seconds per run. Defaults to 2. */
  durationSeconds: number;
  /**
   * Rounds of ours-then-bare; the ratio is the median of the rounds'. Many short rounds rather than a few
   * long ones, so that a burst of other work on the machine spoils one round, not the figure. Defaults to 5.
   */
  rounds: number;
  /** Orders the memory probe holds. Defaults to 1,000,000. */
  preloadOrders: number;
  /** The peers to measure; empty skips them. Defaults to Mockoon and Prism. */
  peers: readonly PeerName[];
}

/** Defaults of {@link HttpBenchOptions}. */
export const defaultHttpBenchOptions: Readonly<HttpBenchOptions> = {
  connections: 50,
  warmupSeconds: 1,
  durationSeconds: 2,
  rounds: 5,
  preloadOrders: 1_000_000,
  peers: ['mockoon', 'prism'],
};

/** Everything {@link benchHttpServer} measured. */
export interface HttpBenchResult {
  /** The settings in force, defaults filled in. */
  settings: HttpBenchOptions;
  server: Placement;
  generator: Placement;
  requestBytes: number;
  responseBytes: number;
  ours: MeasuredLoad[];
  bare: MeasuredLoad[];
  /** ours / bare requests per second, median of the rounds. */
  ratio: number;
  /** Fastest ours run / fastest bare run (interference only slows a run down). */
  bestRatio: number;
  /** Median of our rounds' requests per second. */
  oursPerSecond: number;
  /**
   * ours / bare in 2xx answers per CPU second of the server process (medians), or undefined without
   * `/proc`: the same comparison, less sensitive to other load on the machine.
   */
  cpuRatio: number | undefined;
  peers: PeerFigures[];
  /** ours / the fastest peer that ran, or undefined when none ran. */
  peerRatio: { ratio: number; peer: string } | undefined;
  /** The server holding `preloadOrders` orders, and a short run against it. */
  memory: { preload: PreloadMemory; load: MeasuredLoad };
}

/**
 * The mock HTTP server's requests per second for one order create, against a bare node:http server doing
 * only the irreducible work of the same request and against the peer mocks (acceptance 5 of issue 3).
 * Every server runs in its own child process and autocannon in another, pinned to separate cores with
 * `taskset` when it exists; ours and bare alternate, round by round, so drift hits both alike.
 */
export async function benchHttpServer(options: Partial<HttpBenchOptions> = {}): Promise<HttpBenchResult> {
  const settings = { ...defaultHttpBenchOptions, ...options };
  const cores = availableParallelism();
  const pin = canPin(cores);
  const why = cores < 2 ? 'one core only' : 'taskset not found';
  const server: Placement = pin ? { pinned: true, core: 1 } : { pinned: false, why };
  const generator: Placement = pin ? { pinned: true, core: 0 } : { pinned: false, why };
  const shape = {
    connections: settings.connections,
    warmupSeconds: settings.warmupSeconds,
    durationSeconds: settings.durationSeconds,
  };

  const ours = await startTarget({ kind: 'ours' }, server);
  let bare: Awaited<ReturnType<typeof startTarget>> | undefined;
  let captured: Awaited<ReturnType<typeof captureAnswer>>;
  const oursRuns: MeasuredLoad[] = [];
  const bareRuns: MeasuredLoad[] = [];
  try {
    captured = await captureAnswer(ours.url);
    const { status, headers, body } = captured;
    bare = await startTarget({ kind: 'bare', response: { status, headers, body } }, server);
    for (let round = 0; round < settings.rounds; round++) {
      // Every round starts from an empty shop, so the rounds are alike (orders pile up within a run).
      await fetch(`${ours.url}/__admin/reset`, { method: 'POST' }).then((r) => r.arrayBuffer());
      oursRuns.push(await loadFrom(ours.url, generator, shape, ours.pid));
      bareRuns.push(await loadFrom(bare.url, generator, shape, bare.pid));
    }
  } finally {
    await Promise.all([ours.stop(), bare?.stop()]);
  }
  const ratios = oursRuns.map((run, i) => run.okPerSecond / (bareRuns[i] as MeasuredLoad).okPerSecond);
  const oursPerSecond = median(oursRuns.map((run) => run.okPerSecond));

  const peers = await measurePeers(settings.peers, captured, server, generator, shape);
  const ran = peers.flatMap((peer) =>
    'load' in peer ? [{ peer: peer.name, perSecond: peer.load.okPerSecond }] : [],
  );
  const fastest = ran.sort((a, b) => b.perSecond - a.perSecond)[0];

  const loaded = await startTarget({ kind: 'ours', preloadOrders: settings.preloadOrders }, server);
  let load: MeasuredLoad;
  try {
    load = await loadFrom(loaded.url, generator, shape, loaded.pid);
  } finally {
    await loaded.stop();
  }
  return {
    settings,
    server,
    generator,
    requestBytes: captured.requestBytes,
    responseBytes: captured.bodyBytes,
    ours: oursRuns,
    bare: bareRuns,
    ratio: median(ratios),
    bestRatio: best(oursRuns) / best(bareRuns),
    oursPerSecond,
    cpuRatio: cpuRatioOf(oursRuns, bareRuns),
    peers,
    peerRatio: fastest && { ratio: oursPerSecond / fastest.perSecond, peer: fastest.peer },
    memory: { preload: loaded.preload as PreloadMemory, load },
  };
}

function cpuRatioOf(ours: MeasuredLoad[], bare: MeasuredLoad[]): number | undefined {
  const perCpu = (runs: MeasuredLoad[]) => runs.flatMap((run) => run.okPerServerCpuSecond ?? []);
  const [a, b] = [perCpu(ours), perCpu(bare)];
  return a.length === ours.length && b.length === bare.length ? median(a) / median(b) : undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function best(runs: MeasuredLoad[]): number {
  return Math.max(...runs.map((run) => run.okPerSecond));
}
