import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Placement } from '../child-process.js';
import { loadFrom, type MeasuredLoad } from '../http-targets.js';
import { peerPackages } from './peer-package.js';
import { startPeer, type PeerName } from './start-peer.js';

/** One peer's figures, or why it was skipped. */
export type PeerFigures = { name: string; version: string } & ({ load: MeasuredLoad } | { skipped: string });

/**
 * Starts each peer in turn on the server's core, serving the captured answer, drives it as ours was
 * driven, and stops it. A peer that cannot be installed, started or driven is skipped with the reason.
 */
export async function measurePeers(
  names: readonly PeerName[],
  captured: Parameters<typeof startPeer>[1],
  server: Placement,
  generator: Placement,
  shape: Parameters<typeof loadFrom>[2],
): Promise<PeerFigures[]> {
  const workDir = mkdtempSync(join(tmpdir(), 'funnelstorm-bench-'));
  const figures: PeerFigures[] = [];
  try {
    for (const name of names) {
      const { name: label, version } = peerPackages[name];
      try {
        const peer = await startPeer(name, captured, server, workDir);
        if (!peer.ok) {
          figures.push({ name: label, version, skipped: peer.reason });
          continue;
        }
        try {
          figures.push({
            name: label,
            version,
            load: await loadFrom(peer.value.url, generator, shape, peer.value.pid),
          });
        } finally {
          await peer.value.stop();
        }
      } catch (error) {
        // A peer that breaks in a way startPeer did not foresee is skipped too: the bench still reports.
        figures.push({
          name: label,
          version,
          skipped: error instanceof Error ? error.message : String(error),
        });
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return figures;
}
