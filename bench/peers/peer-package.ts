import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../runtime/result.js';

/** A peer mock server a user would otherwise pick, as an npm package with a CLI. */
export interface PeerPackage {
  /** Shown in the bench output. */
  name: string;
  packageName: string;
  /** Pinned, so every run measures the same peer. */
  version: string;
  /** The CLI's name in `node_modules/.bin`. */
  bin: string;
}

/**
 * The peers. Mockoon CLI 9 needs Node ≥ 18. Prism 5.15 and later need Node ≥ 24 (`npm view
 * @stoplight/prism-cli@5.x engines`), so 5.14.2 is the newest that runs on our Node 20 floor.
 */
export const peerPackages = {
  mockoon: { name: 'Mockoon CLI', packageName: '@mockoon/cli', version: '9.9.0', bin: 'mockoon-cli' },
  prism: { name: 'Prism', packageName: '@stoplight/prism-cli', version: '5.14.2', bin: 'prism' },
} as const satisfies Record<string, PeerPackage>;

/**
 * Where peers are installed: `$FUNNELSTORM_BENCH_CACHE`, else `$XDG_CACHE_HOME/funnelstorm-bench/peers`,
 * else `~/.cache/funnelstorm-bench/peers` — never the project's package.json.
 */
export function peerCacheDir(): string {
  const env = process.env;
  if (env.FUNNELSTORM_BENCH_CACHE) return env.FUNNELSTORM_BENCH_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'funnelstorm-bench', 'peers');
}

/**
 * The path of the peer's CLI script, installing the pinned version into the cache directory first when it
 * is not there yet (`npm install`, up to 3 minutes). Fails with the reason (npm's last lines) rather than
 * throwing, so the bench can skip the peer.
 */
export function ensurePeerInstalled(peer: PeerPackage, dir = peerCacheDir()): Result<string, string> {
  const installed = installedScript(peer, dir);
  if (installed !== undefined) return ok(installed);
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest))
    writeFileSync(manifest, '{ "name": "funnelstorm-bench-peers", "private": true }\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const spec = `${peer.packageName}@${peer.version}`;
  const run = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--omit=dev', spec], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 180_000,
  });
  const script = installedScript(peer, dir);
  if (run.status === 0 && script !== undefined) return ok(script);
  const tail = `${run.stderr ?? ''}${run.error?.message ?? ''}`.trim().split('\n').slice(-3).join(' | ');
  return fail(`npm install ${spec} in ${dir} failed (exit ${run.status ?? run.signal}): ${tail}`);
}

/** The CLI script when the pinned version is installed, else undefined. */
function installedScript(peer: PeerPackage, dir: string): string | undefined {
  const manifest = join(dir, 'node_modules', ...peer.packageName.split('/'), 'package.json');
  const bin = join(dir, 'node_modules', '.bin', peer.bin);
  if (!existsSync(manifest) || !existsSync(bin)) return undefined;
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string };
  return version === peer.version ? realpathSync(bin) : undefined;
}
