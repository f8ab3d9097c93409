import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedisServer, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { matchesShown } from './fixtures/readme-examples.js';
import {
  emittingScratchProject,
  importedModules,
  pipelineExamples,
  readmeMockOrigin,
  readmeRedisUrl,
  requirePipelineBuild,
  type PipelineExample,
} from './fixtures/readme-pipeline.js';
import { interrupt, root, run, startSession, type Session } from './fixtures/readme-runners.js';
import { documentationText } from './fixtures/documentation.js';

// README.md's pipeline examples ("The reference pipeline, stage by stage" and "Redis"), each compiled
// with strict tsc in a project that has funnelstorm installed and run with node, as a reader would,
// against a real `funnelstorm serve --plan standard` and a real redis-server. The convention is in
// fixtures/readme-pipeline.ts. Needs `npm run build` first (`npm test` does it).
// README.md and the docs/ pages it links to, where the examples now live (fixtures/documentation.ts).
const readme = documentationText(root);
const examples = pipelineExamples(readme);
const hasRedis = requireRedisServer('test/io/readme-pipeline-examples.test.ts (its Redis examples)');
const scratch = mkdtempSync(join(tmpdir(), 'funnelstorm-readme-pipeline-'));
const children: ChildProcess[] = [];

/** The examples, in README's order; a new one must be added here, so none goes untested by a typo. */
const names = [
  'throttle',
  'shared-throttle',
  'retry',
  'mutex',
  'idempotency',
  'webhook-intake',
  'dead-letters',
  'redis',
];

/** How long an example must at least take, in ms, where README says it waits. */
const minimumRunMs: Record<string, number> = {
  // 45 calls on standard (40/2, headroom 1): 39 at once, then one every 500 ms — the 45th at +3 s.
  throttle: 2_900,
  // 44 calls: 39 at once, then one every 500 ms — the 44th at +2.5 s.
  'shared-throttle': 2_400,
};

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

const needsRedis = (example: PipelineExample): boolean => example.code.includes(readmeRedisUrl);
const needsMock = (example: PipelineExample): boolean => example.code.includes(readmeMockOrigin);

describe('README: the pipeline examples, as written', () => {
  it('are the examples this test knows, each a ts block with an output block', () => {
    expect(examples.map((example) => example.name)).toEqual(names);
    for (const example of examples) expect(example.lang, `README.md line ${example.line}`).toBe('ts');
  });

  it('leave no ts block of their sections untagged, so none goes untested', () => {
    const from = readme.indexOf('## The reference pipeline, stage by stage');
    const to = readme.indexOf('\n## ', readme.indexOf('## Redis', from));
    expect(from).toBeGreaterThan(-1);
    const blocks = readme.slice(from, to).match(/^```ts$/gm) ?? [];
    expect(blocks).toHaveLength(examples.length);
  });

  it('import funnelstorm by its package entry points only, as a user can', () => {
    for (const example of examples) {
      for (const specifier of importedModules(example.code)) {
        expect(['funnelstorm/pipeline', 'funnelstorm/runtime'], example.name).toContain(specifier);
      }
    }
  });
});

describe('README: the pipeline examples, compiled and run', () => {
  const dir = join(scratch, 'project');
  let mock: Session | undefined;
  let redis: RedisServer | undefined;

  beforeAll(async () => {
    requirePipelineBuild();
    mkdirSync(dir);
    emittingScratchProject(dir);
    for (const example of examples) writeFileSync(join(dir, `${example.name}.ts`), example.code);
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '-p', dir], { cwd: dir, timeout: 60_000 }).catch(
      (error: { stdout?: string }) => {
        throw new Error(`README's pipeline examples do not type-check:\n${error.stdout ?? String(error)}`);
      },
    );
    const serve = { name: 'serve', lang: 'console', line: 0 };
    const command = `$ npx funnelstorm serve --plan standard --port ${new URL(readmeMockOrigin).port}\n`;
    mock = await startSession({ ...serve, code: command }, scratch, children);
    if (hasRedis) redis = await startRedisServer();
  }, 90_000);

  afterAll(async () => {
    if (mock !== undefined) await interrupt(mock.child);
    await redis?.stop();
  });

  /** Runs the compiled example with node; resolves its output and how long it took. */
  async function runExample(
    example: PipelineExample,
  ): Promise<{ stdout: string; stderr: string; ms: number }> {
    const file = join(dir, 'out', `${example.name}.js`);
    const source = readFileSync(file, 'utf8')
      .replaceAll(readmeMockOrigin, mock?.origin ?? readmeMockOrigin)
      .replaceAll(readmeRedisUrl, redis?.url ?? readmeRedisUrl);
    writeFileSync(file, source);
    const startedAt = performance.now();
    const { stdout, stderr } = await run(process.execPath, [file], { cwd: dir, timeout: 30_000 }).catch(
      (error: { stdout?: string; stderr?: string }) => {
        throw new Error(
          `README's ${example.name} example (line ${example.line}) fails:\n${error.stdout ?? ''}${error.stderr ?? String(error)}`,
        );
      },
    );
    return { stdout, stderr, ms: performance.now() - startedAt };
  }

  for (const example of examples) {
    const skip = needsRedis(example) && !hasRedis;
    it.skipIf(skip)(`${example.name} prints what README shows (line ${example.line})`, async () => {
      // Every example meets a shop with an empty bucket, whatever the one before it did.
      if (needsMock(example)) {
        expect((await fetch(`${mock?.origin}/__admin/reset`, { method: 'POST' })).ok).toBe(true);
      }
      const { stdout, stderr, ms } = await runExample(example);
      const shown = `README shows:\n${example.output}printed:\n${stdout}`;
      expect(matchesShown(stdout, example.output), shown).toBe(true);
      expect(stderr, 'nothing on stderr').toBe('');
      expect(ms, `${example.name} took ${ms} ms`).toBeGreaterThanOrEqual(minimumRunMs[example.name] ?? 0);
    });
  }

  it('shows what the throttle prevents: the same 45 calls without it get 5 × 429', async () => {
    await fetch(`${mock?.origin}/__admin/reset`, { method: 'POST' });
    const call = (): Promise<number> =>
      fetch(`${mock?.origin}/admin/api/2026-01/orders.json?limit=1`, {
        headers: { 'x-shopify-access-token': 'shpat_example', 'x-funnelstorm-shop': 'launch.myshopify.com' },
      }).then(async (response) => (await response.text(), response.status));
    const statuses = await Promise.all(Array.from({ length: 45 }, call));
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });
});
