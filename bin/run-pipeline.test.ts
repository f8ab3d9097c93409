import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../test/support/cli-in-process.js';

// `run --pipeline` with a module that breaks the simulator's one rule: it is told so, with the rule.
const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-stall-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pipeline whose idle worker awaits a plain promise that `accept` (the traffic process) resolves. */
const promiseQueue = `
export function createPipeline({ clock, hooks }) {
  const items = [];
  const idle = [];
  let closed = false;
  const take = () =>
    items.length > 0 || closed ? Promise.resolve(items.shift()) : new Promise((resolve) => idle.push(resolve));
  return {
    accept: (order) => (idle.length > 0 ? idle.shift()(order) : items.push(order)),
    close: () => { closed = true; for (const wake of idle.splice(0)) wake(undefined); },
    workers: () => [async () => {
      for (let order = await take(); order !== undefined; order = await take()) {
        await clock.sleep(10);
        hooks.onOrderDone(order, { kind: 'dead-lettered', reason: 'test', attempts: 0 }, clock.nowMs());
      }
    }],
    deadLetters: { entries: () => [] },
  };
}
`;

const scenario = `name: spread
seed: 2
shop: { plan: standard }
traffic:
  customers: 4
  phases: [{ arrival: poisson, durationSeconds: 60, orders: 6 }]
`;

describe('funnelstorm run --pipeline', () => {
  it('reports a module that stalls the simulator with the blocking rule, exit 1, never a hang', async () => {
    writeFileSync(join(dir, 'queue.mjs'), promiseQueue);
    writeFileSync(join(dir, 'spread.yaml'), scenario);
    const run = await cliInProcess('run', join(dir, 'spread.yaml'), '--pipeline', join(dir, 'queue.mjs'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /funnelstorm run: the pipeline module .*queue\.mjs did not finish the run \(SIM_STALLED\): The simulation stalled at t=[\d.]+ ms/,
    );
    expect(run.stderr).toMatch(/waits only through seams\.clock \(sleep, gate, timeout signals\)/);
    expect(run.stderr).not.toMatch(/failed unexpectedly/);
  });
});
