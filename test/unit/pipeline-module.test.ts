import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadLetterQueue } from '../../pipeline/dead-letter-queue.js';
import { referencePipelineModule, type PipelineModule } from '../../pipeline/pipeline-contract.js';
import type { PipelineOrder } from '../../pipeline/shopify-requests.js';
import { formatJsonReport } from '../../reports/json-report.js';
import { scenarioDocumentArbitrary } from '../../scenarios/scenario-arbitrary.js';
import { validateScenario } from '../../scenarios/validate-scenario.js';
import { simulateScenario } from '../../sim/run-scenario.js';
import { runVerdicts } from '../../sim/run-verdicts.js';

// Issue 14, "your pipeline in the simulator": the contract a user's module implements, and the simulator's
// one rule for it — block only through the Clock.

const chaos = validateScenario(
  {
    name: 'contract',
    seed: 5,
    shop: { plan: 'standard' },
    traffic: {
      customers: 4,
      phases: [{ arrival: 'spike', durationSeconds: 0, orders: 12 }],
      webhooks: { duplicateShare: 0.2 },
    },
    faults: {
      rules: [{ kind: 'ambiguous', then: 503, probability: 0.2, match: { route: 'orders.create' } }],
    },
    pipeline: { concurrency: 3 },
  },
  'a contract scenario',
);

/**
 * A module that breaks the rule with the natural mistake, a queue of plain promises: an idle worker awaits
 * a promise that the intake (the traffic, another process) resolves — a wait the simulator cannot see.
 */
const promiseQueue: PipelineModule = {
  createPipeline: ({ clock, hooks }) => {
    const items: PipelineOrder[] = [];
    const idle: ((order: PipelineOrder | undefined) => void)[] = [];
    let closed = false;
    const take = (): Promise<PipelineOrder | undefined> =>
      items.length > 0 || closed
        ? Promise.resolve(items.shift())
        : new Promise((resolve) => idle.push(resolve));
    return {
      accept: (order) => (idle.length > 0 ? idle.shift()?.(order) : items.push(order)),
      close: () => {
        closed = true;
        for (const wake of idle.splice(0)) wake(undefined);
      },
      workers: () => [
        async () => {
          for (let order = await take(); order !== undefined; order = await take()) {
            await clock.sleep(10);
            hooks.onOrderDone?.(order, { kind: 'dead-lettered', reason: 'test', attempts: 0 }, clock.nowMs());
          }
        },
      ],
      deadLetters: new DeadLetterQueue<PipelineOrder>(),
    };
  },
};

/** Orders that arrive over a minute: the traffic sleeps between them, so an idle worker is noticed. */
const spread = validateScenario(
  {
    name: 'spread',
    seed: 2,
    shop: { plan: 'standard' },
    traffic: { customers: 4, phases: [{ arrival: 'poisson', durationSeconds: 60, orders: 6 }] },
  },
  'a spread scenario',
);

describe('a pipeline module under the contract', () => {
  it('sim: the reference as a module gives the same report as the built-in run, byte for byte (plan=standard, seed=5)', async () => {
    const builtIn = await simulateScenario(chaos);
    const asModule = await simulateScenario(chaos, {}, { pipeline: { module: referencePipelineModule } });
    expect(builtIn.report.api.calls).toBeGreaterThan(36);
    expect(formatJsonReport(asModule.report)).toBe(formatJsonReport(builtIn.report));
  });

  it('sim: the report names a module by its path', async () => {
    const { report } = await simulateScenario(
      chaos,
      {},
      { pipeline: { module: referencePipelineModule, name: './my-pipeline.ts' } },
    );
    expect(report.pipeline.name).toBe('./my-pipeline.ts');
  });

  it('sim: a module that awaits a promise another process resolves ends the run with SIM_STALLED, never a hang', async () => {
    const run = simulateScenario(spread, {}, { pipeline: { module: promiseQueue, name: 'queue.ts' } });
    await expect(run).rejects.toMatchObject({
      code: 'SIM_STALLED',
      message: expect.stringMatching(/stalled at t=\d+(\.\d+)? ms.*Wait only through the Clock/s),
    });
  });

  it('sim: in a search the stalled run breaks nothing-lost with the reason (check reports it, never hangs)', async () => {
    const [document] = fc.sample(scenarioDocumentArbitrary({ pipeline: 'reference', maxOrders: 5 }), {
      seed: 3,
      numRuns: 1,
    });
    const verdicts = await runVerdicts(document!, {
      module: promiseQueue,
      name: 'queue.ts',
      path: '/nowhere/queue.ts',
    });
    expect(verdicts).toEqual([
      expect.objectContaining({
        property: 'nothing-lost',
        holds: false,
        detail: expect.stringMatching(/the run did not finish: The simulation stalled/),
      }),
    ]);
  });
});
