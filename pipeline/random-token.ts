import type { Random } from '../runtime/random.js';

/** The token's 16 bytes, written afresh by every call: one buffer for the process, read before returning. */
const bytes = Buffer.alloc(16);

/**
 * 128 random bits from `random`, as 32 hex digits: a lock holder's or a claim's token. Unique across
 * processes only as long as their streams are: fork every worker's stream by process and worker.
 *
 * Four draws of 32 bits, each written as 8 hex digits (big-endian, so the text of
 * `toString(16).padStart(8, '0')` per draw) by one `toString('hex')` of a reused buffer: one flat string
 * per token, where building it from a byte table by concatenation made a tree of sixteen string pieces,
 * flattened again when the token was first compared (two tokens per order, issue 12).
 */
export function randomToken(random: Random): string {
  // `>>> 0`: the unsigned 32 bits the draw's text has always been made from, whatever the stream returns.
  for (let i = 0; i < 4; i++) bytes.writeUInt32BE(random.int(0, 0xffffffff) >>> 0, i * 4);
  return bytes.toString('hex');
}
