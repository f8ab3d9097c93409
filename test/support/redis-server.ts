import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';

/**
 * A real `redis-server` for the real-I/O suites (../shared/STYLE.md rule 14): started on a free loopback
 * port, with no persistence unless a test asks for it, killed in `afterAll`. Every wait is bounded.
 */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM: a clean shutdown; SIGKILL: a crash) and waits until it has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Stops the server if it runs, and starts it again on the same port with the same arguments. */
  restart(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open, nothing is answered — a hung server. */
  pause(): void;
  /** Lets a paused process run again (SIGCONT). */
  resume(): void;
}

/** The binary to run: `$REDIS_SERVER`, else `redis-server` on the PATH. */
export const redisServerBinary = process.env.REDIS_SERVER ?? 'redis-server';

const minimumVersion = [6, 2] as const;
const startTimeoutMs = 5_000;
const stopTimeoutMs = 5_000;

/**
 * Whether a usable `redis-server` (≥ 6.2) is installed. When it is not: outside CI, warns loudly and returns
 * false, so the suite skips; in CI (`$CI` set), throws, so the suite fails instead of passing empty.
 *
 * @param suite the test file, named in the message.
 */
export function requireRedisServer(suite: string): boolean {
  const problem = redisServerProblem();
  if (problem === undefined) return true;
  const message =
    `${problem} Install Redis ≥ ${minimumVersion.join('.')} (Debian/Ubuntu: \`apt-get install redis-server\`; ` +
    'macOS: `brew install redis`), or set REDIS_SERVER to the path of a redis-server binary.';
  if (process.env.CI) throw new Error(`${suite} needs redis-server and CI is set: ${message}`);
  console.warn(`\n${'!'.repeat(100)}\n  SKIPPING ${suite}: ${message}\n${'!'.repeat(100)}\n`);
  return false;
}

function redisServerProblem(): string | undefined {
  const probe = spawnSync(redisServerBinary, ['--version'], { encoding: 'utf8', timeout: 5_000 });
  if (probe.error !== undefined) return `Cannot run ${redisServerBinary}: ${probe.error.message}.`;
  const match = /v=(\d+)\.(\d+)/.exec(probe.stdout);
  if (match === null) return `${redisServerBinary} --version printed no version: ${probe.stdout.trim()}.`;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < minimumVersion[0] || (major === minimumVersion[0] && minor < minimumVersion[1])) {
    return `${redisServerBinary} is ${major}.${minor}; the store needs exclusive XRANGE ranges (6.2).`;
  }
  return undefined;
}

/**
 * Starts `redis-server` on a free 127.0.0.1 port with `--save '' --appendonly no` and then `args` (later
 * arguments win, so a test can turn persistence on), and resolves once it answers PING.
 */
export async function startRedisServer(args: string[] = []): Promise<RedisServer> {
  const port = await freePort();
  const argv = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args];
  let child = await launch(argv, port);
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> => {
    // A stopped process would not act on SIGTERM: let it run first.
    child.kill('SIGCONT');
    await terminate(child, signal);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      child = await launch(argv, port);
    },
    pause: () => {
      child.kill('SIGSTOP');
    },
    resume: () => {
      child.kill('SIGCONT');
    },
  };
}

async function launch(argv: string[], port: number): Promise<ChildProcess> {
  const child = spawn(redisServerBinary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Keep the tail of the server's log for the error message; reading the pipes keeps it from blocking.
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `redis-server ${argv.join(' ')} exited (${child.exitCode ?? child.signalCode}):\n${output}`,
      );
    }
    if (await answersPing(port)) return child;
    if (Date.now() > deadline) {
      await terminate(child, 'SIGKILL');
      throw new Error(
        `redis-server on port ${port} did not answer PING within ${startTimeoutMs} ms:\n${output}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function terminate(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), stopTimeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  child.kill(signal);
  if (await exited) return;
  const killed = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await killed;
}

/** One PING over a raw socket, answered `+PONG` within 500 ms. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

/** A port that was free on 127.0.0.1 a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}
