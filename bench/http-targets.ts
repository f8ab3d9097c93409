import type { CapturedResponse } from './bare-order-server.js';
import {
  cpuSecondsOf,
  firstJsonLine,
  jsonLines,
  spawnNode,
  stopChild,
  type Placement,
} from './child-process.js';
import type { TargetReady, TargetSpec } from './http-target-child.js';
import type { LoadResult, LoadSpec } from './load-generator.js';
import { benchOrderBody, benchOrderHeaders, benchOrderPath, benchSourceId } from './order-request.js';

/** A target server running in its own (pinned) child process. */
export interface RunningTarget extends TargetReady {
  /** The server process's id, for reading its CPU time. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** A measured run, with the server's CPU time when it could be read. */
export interface MeasuredLoad extends LoadResult {
  /**
   * 2xx answers per CPU second the server process used during the measured run (Linux `/proc`), or
   * undefined elsewhere. Less sensitive than requests/s to other processes sharing the core, though not immune.
   */
  okPerServerCpuSecond: number | undefined;
}

/** Starts our mock server or the bare reference in a child process on `placement`. */
export async function startTarget(spec: TargetSpec, placement: Placement): Promise<RunningTarget> {
  // --expose-gc lets the preload read memory after a full collection; it changes nothing else.
  const child = spawnNode(
    new URL('./http-target-child.js', import.meta.url),
    [JSON.stringify(spec)],
    placement,
    {
      nodeFlags: ['--expose-gc'],
    },
  );
  const ready = await firstJsonLine<TargetReady>(child, `${spec.kind} server`, 600_000).catch(
    async (error) => {
      await stopChild(child);
      throw error;
    },
  );
  return { ...ready, pid: child.pid, stop: () => stopChild(child) };
}

/** Headers node or the peer adds itself; the captured answer keeps only the mock's own. */
const transportHeaders = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/**
 * Sends the bench's order once to `url` and keeps the answer: status, the mock's headers, the parsed body.
 * It is the very order the load sends, so the bare reference answers as many bytes as ours does.
 */
export async function captureAnswer(
  url: string,
): Promise<CapturedResponse & { requestBytes: number; bodyBytes: number }> {
  const request = benchOrderBody(benchSourceId);
  const response = await fetch(`${url}${benchOrderPath}`, {
    method: 'POST',
    headers: benchOrderHeaders,
    body: request,
  });
  const text = await response.text();
  if (response.status !== 201)
    throw new Error(`capture: the mock answered ${response.status}: ${text.slice(0, 300)}`);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!transportHeaders.has(name)) headers[name] = value;
  });
  return {
    status: response.status,
    headers,
    body: JSON.parse(text) as unknown,
    requestBytes: Buffer.byteLength(request),
    bodyBytes: Buffer.byteLength(text),
  };
}

/** Drives `url` with the bench's order from a load-generator child on `placement`; `serverPid` is the target's. */
export async function loadFrom(
  url: string,
  placement: Placement,
  shape: Pick<LoadSpec, 'connections' | 'warmupSeconds' | 'durationSeconds'>,
  serverPid?: number,
): Promise<MeasuredLoad> {
  const spec: LoadSpec = {
    url: `${url}${benchOrderPath}`,
    method: 'POST',
    headers: { ...benchOrderHeaders },
    body: benchOrderBody(benchSourceId),
    ...shape,
  };
  const script = new URL('./load-generator-child.js', import.meta.url);
  const child = spawnNode(script, [JSON.stringify(spec)], placement);
  const lines = jsonLines(child, 'load generator');
  try {
    await lines.next(shape.warmupSeconds * 1000 + 30_000);
    const cpuBefore = cpuSecondsOf(serverPid);
    const result = await lines.next<LoadResult>(shape.durationSeconds * 1000 + 30_000);
    const cpuAfter = cpuSecondsOf(serverPid);
    const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined;
    return { ...result, okPerServerCpuSecond: cpu !== undefined && cpu > 0 ? result.ok / cpu : undefined };
  } finally {
    await stopChild(child);
  }
}
