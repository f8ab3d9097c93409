import { describe, expect, it } from 'vitest';
import { MetafieldFirstSlots } from './metafield-first-slots.js';

describe('MetafieldFirstSlots', () => {
  it('keeps a first slot per owner: customers in range by position, other owners and orders by id', () => {
    const slots = new MetafieldFirstSlots({ firstId: 100, count: 3 });
    expect(slots.get('Customer', 101)).toBe(-1);
    slots.set('Customer', 101, 4);
    slots.set('Customer', 7, 5);
    slots.set('Order', 101, 6);
    expect(slots.get('Customer', 101)).toBe(4);
    expect(slots.get('Customer', 7)).toBe(5);
    expect(slots.get('Order', 101)).toBe(6);
    expect(slots.get('Customer', 102)).toBe(-1);
    expect(slots.get('Order', 7)).toBe(-1);
  });

  it('keeps every owner by id when the shop names no customer ids', () => {
    const slots = new MetafieldFirstSlots(undefined);
    slots.set('Customer', 2 ** 40, 0);
    expect(slots.get('Customer', 2 ** 40)).toBe(0);
    expect(slots.get('Order', 2 ** 40)).toBe(-1);
  });
});
