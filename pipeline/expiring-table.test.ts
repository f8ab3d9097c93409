import { describe, expect, it } from 'vitest';
import { ExpiringTable } from './expiring-table.js';

describe('expiring table', () => {
  it('reads an entry as absent once it expires or is removed, and reuses it on the next write', () => {
    const table = new ExpiringTable();
    table.put('k', 'a', 100);
    const entry = table.live('k', 99);
    expect(entry?.value).toBe('a');
    expect(table.live('k', 100)).toBeUndefined();
    table.put('k', 'b', 200);
    expect(table.live('k', 150)).toBe(entry);
    table.remove(entry!);
    expect(table.live('k', 150)).toBeUndefined();
  });

  it('holds a hot key taken and released 100,000 times as one entry', () => {
    const table = new ExpiringTable();
    for (let i = 0; i < 100_000; i++) {
      expect(table.live('lock:hot', i)).toBeUndefined();
      table.put('lock:hot', `token-${i}`, i + 30_000);
      table.remove(table.live('lock:hot', i)!);
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
    expect(table.live('claim:199999', 199_999)?.value).toBe('in-flight');
    expect(table.live('claim:198999', 199_999)).toBeUndefined();
  });
});
