import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import type { HttpRequest } from '../runtime/transport.js';
import { HistoryRecorder, type HistoryOperation } from './history.js';
import { operationReader } from './operation-reader.js';
import { createSimNetwork } from './sim-network.js';
import { Simulator } from './simulator.js';

const shopUrl = 'https://a.myshopify.com/admin/api/2026-01';
const read: HttpRequest = {
  method: 'GET',
  url: `${shopUrl}/customers/7000000000001.json`,
  headers: { 'x-funnelstorm-order': 'so-000001' },
};
const create: HttpRequest = { method: 'POST', url: `${shopUrl}/orders.json`, headers: {}, body: '{}' };

/** Plain copies of an operation's fields (a view's getters read the columns). */
const fields = (op: HistoryOperation) => Object.fromEntries(keys.map((key) => [key, op[key]]));
const keys = [
  'index',
  'kind',
  'sourceOrderId',
  'customerId',
  'invokeMs',
  'shopMs',
  'completeMs',
  'type',
] as const;

describe('operationReader', () => {
  it('reads every row of a recorder’s history as `at` does, one view moved from row to row', async () => {
    const sim = new Simulator();
    const history = new HistoryRecorder(sim, () => 0);
    const transport = createSimNetwork(
      sim,
      () => ({ kind: 'response', response: { status: 200, headers: {}, body: '{}' }, delayMs: 1 }),
      createRandom(1),
      { jitterMs: 5, recorder: history },
    );
    sim.spawn('client', async () => {
      await transport(read);
      await transport(create);
      await transport(read);
    });
    await sim.run();
    const { operations } = history;
    const readRow = operationReader(operations);
    const rows = [0, 1, 2].map((row) => fields(readRow(row)));
    expect(rows).toEqual([0, 1, 2].map((row) => fields(operations.at(row) as HistoryOperation)));
    expect(rows.map((row) => row['kind'])).toEqual(['customer.read', 'order.create', 'customer.read']);
    expect(readRow(0)).toBe(readRow(2));
  });

  it('reads an array of operations by its own rows', () => {
    const operations = [{ index: 0 }, { index: 1 }] as HistoryOperation[];
    const readRow = operationReader(operations);
    expect(readRow(1)).toBe(operations[1]);
  });
});
