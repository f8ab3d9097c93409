import { describe, expect, it } from 'vitest';
import { hashTagOf, keyLayout } from './key-layout.js';

describe('Redis key layout', () => {
  const keys = keyLayout('fs:');

  it('keeps a shop hash tag, so a lock and its fence share the shop’s slot', () => {
    const lock = '{launch.myshopify.com}:lock:customer:7';
    expect(keys.value(lock)).toBe('fs:{launch.myshopify.com}:lock:customer:7');
    expect(keys.fence(lock)).toBe('fs:{launch.myshopify.com}:lock:customer:7:fence');
    expect(hashTagOf(keys.fence(lock))).toBe('launch.myshopify.com');
  });

  it('wraps a key without a hash tag whole, and puts <key>:fence where the lock’s fence is', () => {
    expect(keys.value('lock:c1')).toBe('fs:{lock:c1}');
    expect(keys.fence('lock:c1')).toBe('fs:{lock:c1}:fence');
    expect(keys.value('lock:c1:fence')).toBe(keys.fence('lock:c1'));
  });

  it('gives every lock and its fence one hash tag, whatever the key', () => {
    for (const key of ['a', 'a}b', 'x:fence', ':fence', '{}', '{}x', 'a{b', '{s}', '{s}:fence', 'log:x']) {
      expect(hashTagOf(keys.fence(key)), key).toBeDefined();
      expect(hashTagOf(keys.fence(key)), key).toBe(hashTagOf(keys.value(key)));
    }
  });

  it('refuses keys that cannot carry a hash tag, and prefixes that carry one', () => {
    expect(() => keys.value('')).toThrow(/hash tag/);
    expect(() => keys.value('}x')).toThrow(/hash tag/);
    expect(() => keyLayout('{fs}:')).toThrow(/brace/);
  });

  it('reads hash tags as Redis Cluster does', () => {
    expect(hashTagOf('{user1000}.following')).toBe('user1000');
    expect(hashTagOf('foo{}{bar}')).toBeUndefined();
    expect(hashTagOf('foo{{bar}}zap')).toBe('{bar');
    expect(hashTagOf('foo{bar}{zap}')).toBe('bar');
    expect(hashTagOf('plain')).toBeUndefined();
  });

  it('keeps logs apart from values', () => {
    expect(keys.log('{launch.myshopify.com}:dlq')).toBe('fs:log:{launch.myshopify.com}:dlq');
    expect(keys.log('dlq')).not.toBe(keys.value('dlq'));
  });
});
