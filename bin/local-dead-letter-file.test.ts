import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localDeadLetterFile } from './local-dead-letter-file.js';

const dir = mkdtempSync(join(tmpdir(), 'funnelstorm-local-dlq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const letter = (key: string) => ({
  key,
  reason: 'idempotency claim could not be taken',
  attempts: 0,
  atMs: 1_000,
  payload: { sourceOrderId: key, customerId: '1', totalCents: 100, receivedAtMs: 0, stage: 'order' as const },
});

describe('local dead-letter file', () => {
  it('appends one JSON letter a line, and names the file once, on the first', () => {
    const path = join(dir, 'dlq.jsonl');
    const said: string[] = [];
    const file = localDeadLetterFile(path, (line) => said.push(line));
    file.write(letter('so-1'), 'Redis is away');
    file.write(letter('so-2'), 'Redis is away');
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual([
      expect.objectContaining({ stage: 'order', sourceOrderId: 'so-1', payload: letter('so-1').payload }),
      expect.objectContaining({ stage: 'order', sourceOrderId: 'so-2' }),
    ]);
    expect(file.written).toBe(2);
    expect(said).toEqual([
      expect.stringMatching(/could not be stored in Redis \(Redis is away\).*dlq\.jsonl/),
    ]);
  });
});
