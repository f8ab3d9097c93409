import { describe, expect, it } from 'vitest';
import { flatCopy } from '../runtime/flat-copy.js';
import { ExpiringTable } from './expiring-table.js';

describe('expiring table', () => {
  it('reads an entry as absent once it expires or is removed, and reuses it on the next write', () => {
    const table = new ExpiringTable();
    table.put('k', 'a', 100);
    const slot = table.live('k', 99);
    expect(table.value(slot)).toBe('a');
    expect(table.live('k', 100)).toBe(-1);
    table.put('k', 'b', 200);
    expect(table.live('k', 150)).toBe(slot);
    expect(table.value(slot)).toBe('b');
    table.setExpiry(slot, 160);
    expect(table.live('k', 160)).toBe(-1);
    table.put('k', 'c', 300);
    table.remove(slot);
    expect(table.live('k', 150)).toBe(-1);
  });

  it('finds a key’s slot live or dead, and writes into it with putAt', () => {
    const table = new ExpiringTable();
    expect(table.find('k', 0)).toBe(-1);
    table.putAt(-1, 'k', 'a', 100);
    const slot = table.find('k', 150);
    expect(slot).not.toBe(-1);
    expect(table.isLive(slot, 150)).toBe(false);
    expect(table.isLive(-1, 0)).toBe(false);
    table.putAt(slot, 'k', 7, 200);
    expect(table.live('k', 150)).toBe(slot);
    expect(table.value(slot)).toBe('7');
    expect(table.numberValue(slot)).toBe(7);
    expect(table.heldEntries).toBe(1);
  });

  it('holds a hot key taken and released 100,000 times as one entry', () => {
    const table = new ExpiringTable();
    for (let i = 0; i < 100_000; i++) {
      expect(table.live('lock:hot', i)).toBe(-1);
      table.put('lock:hot', `token-${i}`, i + 30_000);
      table.remove(table.live('lock:hot', i));
    }
    expect(table.heldEntries).toBe(1);
  });

  it('sweeps expired keys: at most about twice the live keys are held however long the run', () => {
    const table = new ExpiringTable();
    let maxHeld = 0;
    // 200,000 keys, each live for 1,000 ms, one new key per ms: about 1,000 live at any time.
    for (let nowMs = 0; nowMs < 200_000; nowMs++) {
      table.live(`claim:${nowMs}`, nowMs);
      table.put(`claim:${nowMs}`, 'in-flight', nowMs + 1_000);
      maxHeld = Math.max(maxHeld, table.heldEntries);
    }
    // A sweep runs every max(4,096, live) operations, so at most 4,096 dead keys wait for one.
    expect(maxHeld).toBeLessThanOrEqual(1_000 + 4_096 + 1);
    expect(table.value(table.live('claim:199999', 199_999))).toBe('in-flight');
    expect(table.live('claim:198999', 199_999)).toBe(-1);
  });

  it('keeps values and expiries by key across sweeps that drop dead keys', () => {
    const table = new ExpiringTable();
    table.put('forever', '1', Infinity);
    for (let i = 0; i < 20_000; i++) table.put(`claim:${i}`, `v${i}`, i < 19_990 ? 5 : 50);
    for (let op = 0; op < 20_000; op++) table.live('forever', 10);
    expect(table.heldEntries).toBe(11);
    expect(table.value(table.live('forever', 10))).toBe('1');
    expect(table.value(table.live('claim:19995', 10))).toBe('v19995');
    expect(table.live('claim:19995', 50)).toBe(-1);
    expect(table.live('claim:5', 10)).toBe(-1);
  });

  it('stores a new key as a flat copy with the same text', () => {
    const key = ['{shop.myshopify.com}', 'lock', 'customer', '7000000000001'].join(':') + ':fence';
    expect(flatCopy(key)).toBe(key);
    expect(flatCopy('')).toBe('');
  });
});
