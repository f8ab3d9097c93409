import { createMemoryStore } from '../../pipeline/memory-store.js';
import { ManualClock } from '../support/manual-clock.js';
import { storeContract } from '../support/store-contract.js';

// The memory store on a clock the test moves: the contract's TTL and limiter cases run without waiting.
storeContract('memory store (ManualClock)', {
  time: 'manual',
  create: () => {
    const clock = new ManualClock();
    return { store: createMemoryStore(clock), advance: (ms) => clock.advance(ms) };
  },
});
