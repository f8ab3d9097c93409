import { describe, expect, it } from 'vitest';
import { customerId, fixtureEvidence, operation } from '../../test/support/evidence-fixture.js';
import { checkMutualExclusion } from './mutual-exclusion.js';

const customer = String(customerId(1));
const read = (order: string, shopMs: number, fields = {}) =>
  operation('customer.read', order, shopMs, { customerId: customer, ...fields });
const write = (order: string, shopMs: number, fields = {}) =>
  operation('customer.write', order, shopMs, { customerId: customer, applied: true, ...fields });

describe('checkMutualExclusion', () => {
  it('holds when each read-modify-write runs alone and tokens rise', () => {
    const verdict = checkMutualExclusion(
      fixtureEvidence({
        history: [
          read('so-000001', 100),
          write('so-000001', 200, { fencingToken: 1 }),
          read('so-000002', 300),
          write('so-000002', 400, { fencingToken: 2 }),
        ],
      }),
    );
    expect(verdict).toMatchObject({ applies: true, holds: true, orderIds: [] });
    expect(verdict.detail).toBe(
      '2 applied writes on 1 customers: each on its own read, fencing tokens in order',
    );
  });

  it("names both orders when another order's write lands between a read and its write", () => {
    const verdict = checkMutualExclusion(
      fixtureEvidence({
        history: [
          read('so-000001', 100),
          read('so-000002', 110),
          write('so-000002', 200),
          write('so-000001', 210),
        ],
      }),
    );
    expect(verdict).toMatchObject({ holds: false, orderIds: ['so-000001', 'so-000002'] });
    expect(verdict.detail).toContain(
      `customer ${customer}: so-000001 wrote on a read from before so-000002's write`,
    );
  });

  it("catches a paused holder's write that lands between its successor's read and write", () => {
    // so-000001's write (token 1) was held past its lease; so-000002 (token 2) read before it landed. The
    // shop had seen no token above 1 yet, so it accepted it: fencing alone cannot stop this.
    const verdict = checkMutualExclusion(
      fixtureEvidence({
        history: [
          read('so-000001', 100),
          write('so-000001', 45_000, { fencingToken: 1, invokeMs: 150 }),
          read('so-000002', 40_000),
          write('so-000002', 45_100, { fencingToken: 2 }),
        ],
      }),
    );
    expect(verdict).toMatchObject({ holds: false, orderIds: ['so-000001', 'so-000002'] });
    expect(verdict.detail).toContain('1 made while another order');
  });

  it('breaks when a write with an older token is applied after a newer one', () => {
    const verdict = checkMutualExclusion(
      fixtureEvidence({
        history: [
          read('so-000001', 100),
          read('so-000002', 200),
          write('so-000002', 250, { fencingToken: 8 }),
          read('so-000001', 300),
          write('so-000001', 400, { fencingToken: 7 }),
        ],
      }),
    );
    expect(verdict).toMatchObject({ holds: false, orderIds: ['so-000001', 'so-000002'] });
    expect(verdict.detail).toContain(
      "so-000001's write applied with an older fencing token than so-000002's",
    );
    expect(verdict.detail).toContain('0 made while another order');
  });

  it('treats retries of the same write as one session, and ignores refused and failed operations', () => {
    const verdict = checkMutualExclusion(
      fixtureEvidence({
        history: [
          read('so-000001', 100),
          write('so-000001', 200, { fencingToken: 1, type: 'info', status: 503 }),
          write('so-000001', 300, { fencingToken: 1 }),
          // A failed read is no basis for a write, and a refused write (409) changed nothing.
          read('so-000002', 350, { type: 'info', status: 503 }),
          read('so-000002', 400),
          write('so-000002', 410, { fencingToken: 0, applied: false, type: 'fail', status: 409 }),
          write('so-000002', 500, { fencingToken: 2 }),
        ],
      }),
    );
    expect(verdict).toMatchObject({ holds: true, orderIds: [] });
  });

  it('does not apply when no customer write was applied', () => {
    const verdict = checkMutualExclusion(fixtureEvidence({ history: [read('so-000001', 100)] }));
    expect(verdict).toMatchObject({ applies: false, holds: true });
  });
});
