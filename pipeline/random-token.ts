import type { Random } from '../runtime/random.js';

/**
 * 128 random bits from `random`, as 32 hex digits: a lock holder's or a claim's token. Unique across
 * processes only as long as their streams are: fork every worker's stream by process and worker.
 */
export function randomToken(random: Random): string {
  let token = '';
  for (let i = 0; i < 4; i++) token += random.int(0, 0xffffffff).toString(16).padStart(8, '0');
  return token;
}
