import { describe, expect, it } from 'vitest';
import type { ShopifyOutcome } from '../mocks/shopify-service.js';
import { createRandom } from '../runtime/seeded-random.js';
import type { HttpRequest } from '../runtime/transport.js';
import { classifyRequest, HistoryRecorder, type HistoryOperation } from './history.js';
import { HistoryColumns } from './history-columns.js';
import { createSimNetwork } from './sim-network.js';
import { Simulator } from './simulator.js';

const shopUrl = 'https://a.myshopify.com/admin/api/2026-01';
const write: HttpRequest = {
  method: 'PUT',
  url: `${shopUrl}/customers/7000000000001.json`,
  headers: { 'x-funnelstorm-order': 'so-1', 'x-funnelstorm-fencing-token': '12' },
  body: '{}',
};
const create: HttpRequest = { method: 'POST', url: `${shopUrl}/orders.json`, headers: {}, body: '{}' };

/** Plain copies of the recorded operations' fields (their getters read the columns). */
const plain = (operations: readonly HistoryOperation[]) =>
  operations.map((op) => ({
    index: op.index,
    kind: op.kind,
    sourceOrderId: op.sourceOrderId,
    customerId: op.customerId,
    fencingToken: op.fencingToken,
    invokeMs: op.invokeMs,
    shopMs: op.shopMs,
    applied: op.applied,
    completeMs: op.completeMs,
    type: op.type,
    status: op.status,
  }));

describe('classifyRequest', () => {
  const request = (method: string, path: string): HttpRequest => ({
    method,
    url: `${shopUrl}${path}`,
    headers: {},
  });
  it('reads the kind and the customer id, decoding an escaped id and naming none for other requests', () => {
    expect(classifyRequest(request('POST', '/orders.json'))).toEqual({ kind: 'order.create' });
    expect(classifyRequest(request('GET', '/orders.json?status=any'))).toEqual({ kind: 'order.lookup' });
    expect(classifyRequest(request('GET', '/customers/7.json'))).toEqual({
      kind: 'customer.read',
      customerId: '7',
    });
    expect(classifyRequest(request('PUT', '/customers/a%40b.json'))).toEqual({
      kind: 'customer.write',
      customerId: 'a@b',
    });
    expect(classifyRequest(request('POST', '/customers/7/metafields.json'))).toEqual({
      kind: 'customer.write',
      customerId: '7',
    });
    expect(classifyRequest(request('PUT', '/customers/7/metafields/9.json'))).toEqual({
      kind: 'customer.write',
      customerId: '7',
    });
    expect(classifyRequest(request('POST', '/customers/7/metafields/9.json'))).toEqual({ kind: 'other' });
    expect(classifyRequest(request('DELETE', '/customers/7.json'))).toEqual({ kind: 'other' });
    expect(classifyRequest(request('GET', '/shop.json'))).toEqual({ kind: 'other' });
  });
});

describe('HistoryRecorder', () => {
  it('records each attempt with the shop’s decision and the client’s result, fractional times exact', async () => {
    const sim = new Simulator();
    let applied = 0;
    const outcomes: ShopifyOutcome[] = [
      { kind: 'response', response: { status: 200, headers: {}, body: '{}' }, delayMs: 0.25 },
      { kind: 'reset', delayMs: 0 },
      { kind: 'hang' },
    ];
    const history = new HistoryRecorder(sim, () => applied);
    const network = createSimNetwork(
      sim,
      history.server(() => {
        applied++;
        return outcomes.shift()!;
      }),
      createRandom(1),
      { roundTripMs: 100.5 },
    );
    const transport = history.client(network);
    sim.spawn('client', async () => {
      await transport(write);
      await transport(create);
      await transport(create, { signal: sim.timeout(1_000) });
    });
    await sim.run();
    expect(plain([...history.operations])).toEqual([
      {
        index: 0,
        kind: 'customer.write',
        sourceOrderId: 'so-1',
        customerId: '7000000000001',
        fencingToken: 12,
        invokeMs: 0,
        shopMs: 50.25,
        applied: true,
        completeMs: 100.75,
        type: 'ok',
        status: 200,
      },
      {
        index: 1,
        kind: 'order.create',
        sourceOrderId: undefined,
        customerId: undefined,
        fencingToken: undefined,
        invokeMs: 100.75,
        shopMs: 151,
        applied: true,
        completeMs: 201.25,
        type: 'info',
        status: undefined,
      },
      {
        index: 2,
        kind: 'order.create',
        sourceOrderId: undefined,
        customerId: undefined,
        fencingToken: undefined,
        invokeMs: 201.25,
        shopMs: 251.5,
        applied: true,
        completeMs: 1_201.25,
        type: 'info',
        status: undefined,
      },
    ]);
  });

  it('records the same history as the network’s recorder as when it wraps the network', async () => {
    const record = async (asRecorder: boolean) => {
      const sim = new Simulator();
      let applied = 0;
      const outcomes: ShopifyOutcome[] = [
        { kind: 'response', response: { status: 429, headers: {}, body: '{}' }, delayMs: 0.25 },
        { kind: 'reset', delayMs: 3 },
        { kind: 'hang' },
        { kind: 'response', response: { status: 201, headers: {}, body: '{}' }, delayMs: 0 },
      ];
      const history = new HistoryRecorder(sim, () => applied);
      const server = () => {
        applied++;
        return outcomes.shift()!;
      };
      const transport = asRecorder
        ? createSimNetwork(sim, server, createRandom(1), { roundTripMs: 100, jitterMs: 7, recorder: history })
        : history.client(
            createSimNetwork(sim, history.server(server), createRandom(1), { roundTripMs: 100, jitterMs: 7 }),
          );
      sim.spawn('client', async () => {
        await transport(write);
        await transport(create);
        await transport(create, { signal: sim.timeout(1_000) });
        // A deadline already passed: the result comes at once, and the operation still counts.
        const passed = sim.deadline(0);
        await sim.sleep(1);
        await transport(write, { deadline: passed });
        await transport(write, { deadline: sim.deadline(500) });
      });
      await sim.run();
      return plain([...history.operations]);
    };
    const wrapped = await record(false);
    expect(wrapped).toHaveLength(5);
    expect(wrapped[3]).toMatchObject({ type: 'info', status: undefined });
    expect(await record(true)).toEqual(wrapped);
  });

  it('reads an operation by its row as iterating gives it, and none outside the rows', async () => {
    const sim = new Simulator();
    const history = new HistoryRecorder(sim, () => 0);
    const transport = history.client(
      createSimNetwork(
        sim,
        history.server(() => ({
          kind: 'response',
          response: { status: 200, headers: {}, body: '{}' },
          delayMs: 0,
        })),
        createRandom(1),
      ),
    );
    sim.spawn('client', async () => {
      await transport(write);
      await transport(create);
    });
    await sim.run();
    const { operations } = history;
    expect(operations.length).toBe(2);
    expect(plain([0, 1].map((row) => operations.at(row) as HistoryOperation))).toEqual(
      plain([...operations]),
    );
    expect(operations.at(2)).toBeUndefined();
    expect(operations.at(-1)).toBeUndefined();
  });

  it('leaves the shop’s side and the result absent for an operation still in flight', () => {
    const columns = new HistoryColumns();
    for (let i = 0; i < 1_500; i++) columns.add('customer.read', `so-${i}`, '7', undefined, i / 3);
    columns.decide(1_499, 600, false);
    expect(columns.length).toBe(1_500);
    expect(columns.invokeMs.get(1_499)).toBe(1_499 / 3);
    expect(Number.isNaN(columns.completeMs.get(1_499))).toBe(true);
    expect(columns.type.get(1_499)).toBe(0);
    expect(columns.shopMs.get(1_499)).toBe(600);
  });

  it('gives back source order and customer ids of any form, and none when the request named none', () => {
    const columns = new HistoryColumns();
    const named: [string | undefined, string | undefined][] = [
      ['so-000001', '7000000000001'],
      [undefined, undefined],
      ['so-1', 'gid://shopify/Customer/7'],
      ['so-000002', '007'],
      ['so-000002', '0'],
    ];
    named.forEach(([order, customer], i) => columns.add('customer.read', order, customer, undefined, i));
    expect(named.map((_, row) => [columns.sourceOrderId(row), columns.customerId(row)])).toEqual(named);
  });
});
