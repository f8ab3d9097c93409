import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultKinds } from '../../mocks/faults/fault-plan.js';
import { parseFaultPlan } from '../../mocks/faults/parse-fault-plan.js';
import { allPlanNames, plans } from '../../mocks/plans.js';
import {
  curlCommands,
  matchesShown,
  readmeExamples,
  readmeOrigin,
  type ReadmeExample,
} from './fixtures/readme-examples.js';
import {
  childVitestEnv,
  interrupt,
  requireBuild,
  root,
  run,
  runCurl,
  scratchProject,
  startSession,
  type CurlAnswer,
  type Session,
} from './fixtures/readme-runners.js';
import { documentationText } from './fixtures/documentation.js';

// README.md's examples, run as a reader would run them; the convention is in fixtures/readme-examples.ts
// and in README's "Tests and benchmarks". Needs `npm run build` first (`npm test` does it): the CLI and
// the msw example use dist/, as an installed funnelstorm does.
// README.md and the docs/ pages it links to, where the examples now live (fixtures/documentation.ts).
const readme = documentationText(root);
const examples = readmeExamples(readme);
const scratch = mkdtempSync(join(tmpdir(), 'funnelstorm-readme-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

function only(name: string): ReadmeExample {
  const found = examples.filter((example) => example.name === name);
  if (found.length !== 1) throw new Error(`README.md needs exactly one <!-- example: ${name} --> block`);
  return found[0] as ReadmeExample;
}

const faultPlanText = only('fault-plan').code;
writeFileSync(join(scratch, 'faults.yaml'), faultPlanText);

const expectedLines = (example: ReadmeExample): string[] => example.code.trimEnd().split('\n').slice(1);

describe('README: its tagged examples', () => {
  it('use only the names this test runs, so none is skipped by a typo', () => {
    const known = ['serve', 'serve-faults', 'fault-plan', 'curl', 'output', 'msw'];
    for (const example of examples) expect(known, `README.md line ${example.line}`).toContain(example.name);
  });
});

describe('README: the fault plan example', () => {
  it('is accepted by parseFaultPlan and uses every kind of fault', () => {
    const plan = parseFaultPlan(faultPlanText, 'faults.yaml');
    expect(new Set(plan.rules.map((rule) => rule.kind))).toEqual(new Set(faultKinds));
  });

  it('starts `funnelstorm serve --faults faults.yaml` as the serve-faults session shows, and Ctrl-C stops it', async () => {
    const example = only('serve-faults');
    const session = await startSession(example, scratch, children);
    expect(session.lines).toEqual(expectedLines(example));
    const answer = await fetch(`${session.origin}/__admin/faults`);
    const body = (await answer.json()) as { plan: { rules: unknown[] } };
    expect(body.plan.rules).toHaveLength(parseFaultPlan(faultPlanText, 'faults.yaml').rules.length);
    expect(await interrupt(session.child)).toBe(0);
  });
});

describe('README: the plans table', () => {
  it('lists every plan with the limits of mocks/plans.ts', () => {
    const rows = readme
      .split('\n')
      .map((line) => /^\| ([a-z]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \|$/.exec(line))
      .filter((match) => match !== null)
      .map(([, name, ...figures]) => [name, figures.map((f) => Number(f?.replaceAll(',', '')))] as const);
    expect(rows.map(([name]) => name)).toEqual([...allPlanNames]);
    for (const [name, figures] of rows) {
      const plan = plans[name as (typeof allPlanNames)[number]];
      expect(figures, name).toEqual([
        plan.bucketSize,
        plan.leakPerSecond,
        plan.graphqlBucketSize,
        plan.graphqlRestorePerSecond,
      ]);
    }
  });
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What each README curl command must answer, in README's order. */
const expectations: { request: string; status: number; check?: (body: Json, answer: CurlAnswer) => void }[] =
  [
    {
      request: 'POST /admin/api/2026-01/orders.json',
      status: 201,
      check: (body, answer) => {
        expect(answer.headers['x-shopify-shop-api-call-limit']).toBe('1/400');
        expect(body.order).toMatchObject({ id: 5000000000001, name: '#1001', tags: 'fs-src-17' });
      },
    },
    {
      request: 'GET /admin/api/2026-01/orders.json?tag=fs-src-17&status=any',
      status: 200,
      check: (body) => expect(body.orders.map((o: Json) => o.name)).toEqual(['#1001']),
    },
    {
      request: 'GET /admin/api/2026-01/orders/5000000000001.json',
      status: 200,
      check: (body) => expect(body.order.id).toBe(5000000000001),
    },
    {
      request: 'GET /admin/api/2026-01/customers/7000000000001.json',
      status: 200,
      check: (body) => expect(body.customer).toMatchObject({ orders_count: 1, total_spent: '25.00' }),
    },
    {
      request: 'POST /admin/api/2026-01/customers/7000000000001/metafields.json',
      status: 201,
      check: (body) =>
        expect(body.metafield).toMatchObject({
          namespace: 'funnelstorm',
          key: 'loyalty',
          owner_id: 7000000000001,
        }),
    },
    {
      // X-Funnelstorm-Shop: another shop, with none of the default shop's orders.
      request: 'GET /admin/api/2026-01/orders.json',
      status: 200,
      check: (body) => expect(body.orders).toEqual([]),
    },
    {
      request: 'POST /admin/api/2026-01/graphql.json',
      status: 200,
      check: (body) =>
        expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 7, actualQueryCost: 3 }),
    },
    {
      request: 'POST /admin/api/2026-01/graphql.json',
      status: 200,
      check: (body) => {
        expect(body.data.orderCreate).toMatchObject({ order: { name: '#1002' }, userErrors: [] });
        expect(body.extensions.cost.requestedQueryCost).toBe(10);
      },
    },
    {
      request: 'GET /__admin',
      status: 200,
      // README's endpoint table names every endpoint with each of its methods.
      check: (body) => {
        for (const [path, methods] of Object.entries(body.endpoints as Record<string, string[]>)) {
          for (const method of methods) expect(readme).toContain(`\`${method} ${path}\``);
        }
      },
    },
    {
      request: 'GET /__admin/stats',
      status: 200,
      check: (body) => {
        expect(body.plan.plan).toBe('plus');
        expect(body.shops).toEqual(['funnelstorm-test.myshopify.com']);
        // Four REST reads and two GraphQL answers; the order create and the metafield create.
        expect(body.model.byStatus).toEqual({ 200: 6, 201: 2 });
        expect(body.faults.requests).toBe(0);
      },
    },
    { request: 'GET /__admin/audit', status: 200 },
    {
      request: 'GET /__admin/clients',
      status: 200,
      check: (body) => expect(body.clients[0]).toMatchObject({ client: 'sh…', retryAfterViolations: 0 }),
    },
    {
      request: 'POST /__admin/audit',
      status: 200,
      check: (body) => expect(body.missingSourceIds).toEqual(['19']),
    },
    {
      request: 'GET /__admin/orders/5000000000001/requests',
      status: 200,
      check: (body) => expect(body.requests.map((r: Json) => r.method)).toEqual(['POST', 'GET', 'GET']),
    },
    { request: 'GET /__admin/plan', status: 200, check: (body) => expect(body.plan).toBe('plus') },
    {
      request: 'PUT /__admin/plan',
      status: 200,
      check: (body) => expect(body).toMatchObject({ plan: 'standard', bucketSize: 40, leakPerSecond: 2 }),
    },
    { request: 'PUT /__admin/plan', status: 200 },
    {
      request: 'PUT /__admin/faults',
      status: 200,
      check: (body) => expect(body.plan.rules).toHaveLength(1),
    },
    { request: 'POST /admin/api/2026-01/orders.json', status: 503 },
    { request: 'GET /__admin/faults', status: 200 },
    {
      request: 'PUT /__admin/faults?origin=start',
      status: 200,
      check: (body) =>
        expect(body.plan.rules).toHaveLength(parseFaultPlan(faultPlanText, 'faults.yaml').rules.length),
    },
    { request: 'DELETE /__admin/faults', status: 200, check: (body) => expect(body.plan.rules).toEqual([]) },
    { request: 'POST /__admin/reset', status: 200 },
  ];

describe('README: the serve session and every curl example, in order', () => {
  let session: Session;
  beforeAll(async () => {
    session = await startSession(only('serve'), scratch, children);
  });

  it('prints what README shows', () => {
    expect(session.lines).toEqual(expectedLines(only('serve')));
  });

  it('answers each curl command as expected, and as its output block shows', async () => {
    await run('curl', ['--version']).catch(() => {
      throw new Error('curl is not installed: the README examples need it');
    });
    const commands = curlCommands(examples, readmeOrigin);
    expect(
      commands.map((command) => command.request),
      'README curl commands, in order (update `expectations` when they change)',
    ).toEqual(expectations.map((expected) => expected.request));
    for (const [i, command] of commands.entries()) {
      const expected = expectations[i];
      const answer = await runCurl(command.text, session.origin, scratch);
      expect(answer.status, command.text).toBe(expected?.status);
      const body = answer.body.trim() === '' ? {} : (JSON.parse(answer.body) as Json);
      expected?.check?.(body, answer);
      if (command.output !== undefined) {
        const printed = answer.printed.replaceAll(session.origin, readmeOrigin);
        expect(matchesShown(printed, command.output), `${command.text}\nprinted:\n${printed}`).toBe(true);
      }
    }
  });

  it('stops on Ctrl-C with exit code 0', async () => {
    expect(await interrupt(session.child)).toBe(0);
  });
});

describe('README: the msw example', () => {
  it('type-checks and passes under vitest in a project that has funnelstorm installed', async () => {
    requireBuild();
    const dir = join(scratch, 'project');
    mkdirSync(dir);
    scratchProject(dir);
    writeFileSync(join(dir, 'orders.test.ts'), only('msw').code);
    // The child is a fresh vitest, not a worker of this one.
    const options = { cwd: dir, env: childVitestEnv(), timeout: 60_000 };
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '-p', dir], options).catch((error: { stdout?: string }) => {
      throw new Error(`README's msw example does not type-check:\n${error.stdout ?? String(error)}`);
    });
    const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
    const result = await run(process.execPath, [vitest, 'run', '--root', dir], options).catch(
      (error: { stdout?: string; stderr?: string }) => {
        throw new Error(`README's msw example fails:\n${error.stdout ?? ''}${error.stderr ?? String(error)}`);
      },
    );
    expect(result.stdout).toMatch(/Tests\s+3 passed \(3\)/);
  });
});
