import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { Simulator } from '../sim/simulator.js';
import { WorkflowBackoff } from './workflow-backoff.js';

const options = { baseDelayMs: 500, maxDelayMs: 30_000, budgetWaitMs: 60_000 };

/** The virtual times at which three pauses of `backoff` end. */
async function pauseEnds(sim: Simulator, backoff: WorkflowBackoff): Promise<number[]> {
  const ends: number[] = [];
  sim.spawn('stage', async () => {
    for (let i = 0; i < 3; i++) {
      await backoff.pause();
      ends.push(sim.nowMs());
    }
  });
  await sim.run();
  return ends;
}

describe('WorkflowBackoff', () => {
  it('forks its stream at the first wait only, and waits as with the stream given up front', async () => {
    let forks = 0;
    const sim = new Simulator();
    const lazy = new WorkflowBackoff(
      sim,
      () => {
        forks++;
        return createRandom(5).fork('create');
      },
      options,
    );
    expect(forks).toBe(0);
    const lazyEnds = await pauseEnds(sim, lazy);
    expect(forks).toBe(1);
    const eager = new Simulator();
    const eagerEnds = await pauseEnds(
      eager,
      new WorkflowBackoff(eager, createRandom(5).fork('create'), options),
    );
    expect(lazyEnds).toEqual(eagerEnds);
    expect(lazyEnds[2]).toBeGreaterThan(0);
  });

  it('forks the parent stream by its label at the first wait, as a fork function does', async () => {
    const byLabel = new Simulator();
    const labelEnds = await pauseEnds(
      byLabel,
      new WorkflowBackoff(byLabel, createRandom(5), options, 'create'),
    );
    const eager = new Simulator();
    const eagerEnds = await pauseEnds(
      eager,
      new WorkflowBackoff(eager, createRandom(5).fork('create'), options),
    );
    expect(labelEnds).toEqual(eagerEnds);
  });
});
