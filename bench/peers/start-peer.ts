import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../runtime/result.js';
import type { CapturedResponse } from '../bare-order-server.js';
import { spawnNode, stopChild, type Placement } from '../child-process.js';
import { benchOrderBody, benchOrderHeaders, benchOrderPath } from '../order-request.js';
import { mockoonEnvironment } from './mockoon-environment.js';
import { ensurePeerInstalled, peerPackages } from './peer-package.js';
import { prismOpenApi } from './prism-openapi.js';

/** The peers the bench knows how to start. */
export type PeerName = keyof typeof peerPackages;

/** A peer serving the bench's route. */
export interface RunningPeer {
  url: string;
  /** The peer's process id, for reading its CPU time. */
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Installs (when needed) and starts a peer mock serving `POST /admin/api/2026-01/orders.json` with the
 * captured answer, its config written to `workDir`, and waits until it answers a real request with a 2xx
 * (up to 60 s: Prism takes seconds to start). Fails with the reason instead of throwing, so the bench can
 * skip it. The peer's stdout (a log line per request for both) is discarded unread.
 */
export async function startPeer(
  name: PeerName,
  response: CapturedResponse,
  placement: Placement,
  workDir: string,
): Promise<Result<RunningPeer, string>> {
  const script = ensurePeerInstalled(peerPackages[name]);
  if (!script.ok) return script;
  const port = await freePort();
  let args: string[];
  if (name === 'mockoon') {
    const file = join(workDir, 'mockoon-environment.json');
    writeFileSync(file, JSON.stringify(mockoonEnvironment(benchOrderPath, response, port), null, 2));
    args = ['start', '--data', file, '--port', String(port), '--disable-log-to-file', '--disable-admin-api'];
  } else {
    const file = join(workDir, 'prism-openapi.json');
    writeFileSync(file, JSON.stringify(prismOpenApi(benchOrderPath, response), null, 2));
    args = ['mock', file, '--host', '127.0.0.1', '--port', String(port), '--cors', 'false'];
    args.push('--verboseLevel', 'warn');
  }
  const child = spawnNode(script.value, args, placement, { stdout: 'ignore' });
  const stderr = tailOf(child);
  const url = `http://127.0.0.1:${port}`;
  const ready = await waitUntilServing(url, child, 60_000);
  if (!ready.ok) {
    await stopChild(child);
    return fail(
      `${peerPackages[name].name} did not start: ${ready.reason}${stderr() && ` — stderr: ${stderr()}`}`,
    );
  }
  return ok({ url, pid: child.pid, stop: () => stopChild(child) });
}

/** Polls with the bench's request until a 2xx, the child's exit, or the deadline. */
async function waitUntilServing(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<Result<void, string>> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      return fail(`exited (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const answer = await fetch(`${url}${benchOrderPath}`, {
        method: 'POST',
        headers: benchOrderHeaders,
        body: benchOrderBody('probe'),
      });
      await answer.arrayBuffer();
      if (answer.status >= 200 && answer.status < 300) return ok(undefined);
      last = `answered ${answer.status}`;
    } catch (error) {
      last =
        error instanceof Error
          ? ((error.cause as Error | undefined)?.message ?? error.message)
          : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return fail(`not serving within ${timeoutMs / 1000} s (last: ${last})`);
}

/** Keeps the last 2 kB of the child's stderr (read as it comes, so a chatty peer never blocks on it). */
function tailOf(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-2048);
  });
  return () => tail.trim().replace(/\s+/g, ' ').slice(-400);
}

/** A TCP port free right now on loopback (the peers take a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
