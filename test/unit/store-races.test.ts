import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../pipeline/memory-store.js';
import type { Store } from '../../pipeline/store.js';
import type { Clock } from '../../runtime/clock.js';
import { propertySeed, RaceClock, scheduledStore } from '../support/race-world.js';

// Issue 5: the Store's own atomic contracts (pipeline/store.ts) under fc.scheduler(). Several callers share
// one memory store through scheduledStore, so the scheduler picks when each request applies and when each
// answer arrives, and RaceClock lets any sleeper oversleep. Whatever the interleaving: one winner, exact
// counters, no lost release, and GCRA slots never closer than the interval beyond the burst.

const seed = propertySeed('store races');
const numRuns = 250;
const key = '{launch.myshopify.com}:lock:customer:7000000000001';

/** One Store operation as it applied: its name, arguments, the store clock's time then, and its result. */
interface Applied {
  name: keyof Store;
  args: readonly unknown[];
  atMs: number;
  result?: unknown;
}

/**
 * Logs every operation of `inner` as it applies. The memory store applies an operation synchronously
 * inside the call (that is what makes it atomic), so the order of this log is the store's own order and
 * `atMs` is the time the operation saw — the linearisation the checks below replay.
 */
function recorded(inner: Store, clock: Clock, log: Applied[]): Store {
  const names = Object.keys(inner) as (keyof Store)[];
  const methods = names.map((name) => {
    const operation = inner[name] as (...args: unknown[]) => Promise<unknown>;
    const logged = (...args: unknown[]): Promise<unknown> => {
      const entry: Applied = { name, args, atMs: clock.nowMs() };
      log.push(entry);
      return operation(...args).then((result) => {
        entry.result = result;
        return result;
      });
    };
    return [name, logged] as const;
  });
  return Object.fromEntries(methods) as unknown as Store;
}

/** A memory store on a RaceClock, reached by every caller through the scheduler, with its log. */
function raceWorld(s: fc.Scheduler) {
  const clock = new RaceClock(s);
  const raw = createMemoryStore(clock);
  const log: Applied[] = [];
  const store = scheduledStore(s, recorded(raw, clock, log));
  const applied = (...names: (keyof Store)[]) => log.filter((entry) => names.includes(entry.name));
  return { clock, raw, store, applied };
}

/** Who holds a key in a replay of the log: the value and when it expires. */
type Holder = { value: string; expiresAtMs: number } | undefined;
const liveAt = (holder: Holder, atMs: number): Holder =>
  holder !== undefined && holder.expiresAtMs > atMs ? holder : undefined;

describe('Store races (fc.scheduler over the memory store)', () => {
  it('lets exactly one of several concurrent setIfAbsent callers win, and the key holds the winner’s value', async () => {
    const arrivals = fc.array(fc.constantFrom(0, 10, 50), { minLength: 2, maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), arrivals, async (s, arriveMs) => {
        const { clock, raw, store } = raceWorld(s);
        const won = await s.waitFor(
          Promise.all(
            arriveMs.map(async (delayMs, i) => {
              await clock.sleep(delayMs);
              return store.setIfAbsent(key, `caller-${i}`, 60_000);
            }),
          ),
        );
        expect(won.filter(Boolean)).toHaveLength(1);
        expect(await raw.get(key)).toBe(`caller-${won.indexOf(true)}`);
      }),
      { seed, numRuns },
    );
  });

  it('with short TTLs, lets a setIfAbsent win exactly when no value is live: never two live winners', async () => {
    const callers = fc.array(
      fc.record({ attempts: fc.integer({ min: 1, max: 3 }), pauseMs: fc.constantFrom(0, 30, 120) }),
      { minLength: 2, maxLength: 5 },
    );
    let takenAfterExpiry = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), callers, async (s, plans) => {
        const { clock, store, applied } = raceWorld(s);
        const ttlMs = 100;
        const caller = async (plan: { attempts: number; pauseMs: number }, i: number) => {
          for (let attempt = 0; attempt < plan.attempts; attempt++) {
            await store.setIfAbsent(key, `caller-${i}-${attempt}`, ttlMs);
            await clock.sleep(plan.pauseMs);
          }
        };
        await s.waitFor(Promise.all(plans.map(caller)));
        let holder: Holder;
        for (const { args, atMs, result } of applied('setIfAbsent')) {
          const live = liveAt(holder, atMs);
          expect(result).toBe(live === undefined);
          if (result !== true) continue;
          if (holder !== undefined) takenAfterExpiry++;
          holder = { value: String(args[1]), expiresAtMs: atMs + ttlMs };
        }
      }),
      { seed, numRuns },
    );
    // The schedules did let values expire and be taken again (the case a TTL exists for).
    expect(takenAfterExpiry).toBeGreaterThan(0);
  });

  it('counts exactly: every increment gets its own number, 1 … n, each caller sees its numbers rise, the counter ends at n', async () => {
    const callers = fc.array(
      fc.record({ increments: fc.integer({ min: 1, max: 4 }), pauseMs: fc.constantFrom(0, 10) }),
      { minLength: 2, maxLength: 5 },
    );
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), callers, async (s, plans) => {
        const { clock, raw, store } = raceWorld(s);
        const seen = await s.waitFor(
          Promise.all(
            plans.map(async (plan) => {
              const mine: number[] = [];
              for (let n = 0; n < plan.increments; n++) {
                mine.push(await store.increment('hits'));
                await clock.sleep(plan.pauseMs);
              }
              return mine;
            }),
          ),
        );
        const total = plans.reduce((sum, plan) => sum + plan.increments, 0);
        for (const mine of seen) mine.forEach((value, n) => expect(value).toBeGreaterThan(mine[n - 1] ?? 0));
        expect(seen.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, n) => n + 1));
        expect(await raw.get('hits')).toBe(String(total));
      }),
      { seed, numRuns },
    );
  });

  it('has teeth: the same check catches an increment made of a get and a set (lost increments)', async () => {
    const details = await fc.check(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 4 }), async (s, callers) => {
        const { store } = raceWorld(s);
        const increment = async (): Promise<number> => {
          const next = Number((await store.get('hits')) ?? '0') + 1;
          await store.set('hits', String(next));
          return next;
        };
        const seen = await s.waitFor(Promise.all(Array.from({ length: callers }, increment)));
        expect(new Set(seen).size, 'distinct numbers').toBe(callers);
      }),
      { seed, numRuns },
    );
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toContain('distinct numbers');
  });

  it('compare-and-delete removes only the caller’s own live value: claims that pause past their TTL never release another’s', async () => {
    const callers = fc.array(fc.record({ holdMs: fc.constantFrom(0, 50, 150) }), {
      minLength: 2,
      maxLength: 5,
    });
    let lapsedReleases = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), callers, async (s, plans) => {
        const { clock, raw, store, applied } = raceWorld(s);
        const ttlMs = 100;
        const caller = async (plan: { holdMs: number }, i: number) => {
          const token = `caller-${i}`;
          for (let attempt = 0; attempt < 3; attempt++) {
            if (await store.setIfAbsent(key, token, ttlMs)) {
              await clock.sleep(plan.holdMs);
              await store.compareAndDelete(key, token);
              return;
            }
            await clock.sleep(40);
          }
        };
        await s.waitFor(Promise.all(plans.map(caller)));
        let holder: Holder;
        for (const { name, args, atMs, result } of applied('setIfAbsent', 'compareAndDelete')) {
          const live = liveAt(holder, atMs);
          const value = String(args[1]);
          if (name === 'setIfAbsent') {
            expect(result).toBe(live === undefined);
            if (result === true) holder = { value, expiresAtMs: atMs + ttlMs };
            continue;
          }
          // No lost release: a holder still live always releases; a lapsed one never removes another's.
          expect(result).toBe(live?.value === value);
          if (result === true) holder = undefined;
          else lapsedReleases++;
        }
        expect(await raw.get(key)).toBeUndefined();
      }),
      { seed, numRuns },
    );
    expect(lapsedReleases).toBeGreaterThan(0);
  });

  it('acquireLock, renewLock and release: one holder at a time on the store’s clock, fencing tokens 1, 2, 3 … in order, no lost release', async () => {
    const holders = fc.array(
      fc.record({
        startMs: fc.constantFrom(0, 20, 100),
        renewals: fc.integer({ min: 0, max: 3 }),
        stepMs: fc.constantFrom(0, 40, 150), // 150 ms: a pause longer than the 100 ms TTL
      }),
      { minLength: 2, maxLength: 4 },
    );
    const seen = { lostLeases: 0, takenAfterExpiry: 0 };
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), holders, async (s, plans) => {
        const { clock, raw, store, applied } = raceWorld(s);
        const ttlMs = 100;
        const holder = async (plan: { startMs: number; renewals: number; stepMs: number }, i: number) => {
          const token = `holder-${i}`;
          await clock.sleep(plan.startMs);
          let fence: number | undefined;
          for (let attempt = 0; attempt < 5 && fence === undefined; attempt++) {
            fence = await store.acquireLock(key, token, ttlMs);
            if (fence === undefined) await clock.sleep(30);
          }
          if (fence === undefined) return;
          for (let n = 0; n < plan.renewals; n++) {
            await clock.sleep(plan.stepMs);
            if (!(await store.renewLock(key, token, ttlMs))) break;
          }
          await store.compareAndDelete(key, token);
        };
        await s.waitFor(Promise.all(plans.map(holder)));

        let current: Holder;
        const fences: unknown[] = [];
        for (const { name, args, atMs, result } of applied('acquireLock', 'renewLock', 'compareAndDelete')) {
          const live = liveAt(current, atMs);
          const token = String(args[1]);
          if (name === 'acquireLock') {
            // Granted exactly when nobody's lease is live on the store's clock: one holder at a time.
            expect(result === undefined).toBe(live !== undefined);
            if (result === undefined) continue;
            fences.push(result);
            if (current !== undefined) seen.takenAfterExpiry++;
            current = { value: token, expiresAtMs: atMs + ttlMs };
          } else if (name === 'renewLock') {
            expect(result).toBe(live?.value === token);
            if (result === true && current) current.expiresAtMs = atMs + ttlMs;
            else seen.lostLeases++;
          } else {
            expect(result).toBe(live?.value === token);
            if (result === true) current = undefined;
          }
        }
        expect(fences).toEqual(fences.map((_, n) => n + 1));
        expect(await raw.get(key)).toBeUndefined();
        expect(await raw.get(`${key}:fence`)).toBe(fences.length === 0 ? undefined : String(fences.length));
      }),
      { seed, numRuns },
    );
    // The schedules did make leases lapse, and let another holder in after them.
    expect(seen.lostLeases).toBeGreaterThan(0);
    expect(seen.takenAfterExpiry).toBeGreaterThan(0);
  });

  /** How one caller uses the limiter: how many slots it reserves and how long it idles after each call. */
  const limiterCallers = fc.array(
    fc.record({ reservations: fc.integer({ min: 1, max: 5 }), idleMs: fc.constantFrom(0, 0, 30, 500) }),
    { minLength: 2, maxLength: 4 },
  );
  const limits = fc.record({
    intervalMs: fc.constantFrom(50, 100),
    capacity: fc.integer({ min: 1, max: 4 }),
  });
  type LimiterCaller = { reservations: number; idleMs: number };

  /** Each caller reserves a slot (`reserve` returns the wait), waits for it, sends, idles; and again. */
  const reserveAll = async (
    s: fc.Scheduler,
    clock: Clock,
    reserve: () => Promise<number>,
    plans: LimiterCaller[],
  ): Promise<void> => {
    const caller = async (plan: LimiterCaller) => {
      for (let n = 0; n < plan.reservations; n++) {
        await clock.sleep(await reserve());
        await clock.sleep(plan.idleMs);
      }
    };
    await s.waitFor(Promise.all(plans.map(caller)));
  };

  it('reserveSlot (GCRA): slots never closer than the interval beyond the burst, and none later than the spacing needs', async () => {
    let waited = 0;
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), limits, limiterCallers, async (s, { intervalMs, capacity }, plans) => {
        const { clock, store, applied } = raceWorld(s);
        const limiter = '{launch.myshopify.com}:throttle';
        await reserveAll(s, clock, () => store.reserveSlot(limiter, intervalMs, capacity), plans);
        // Slots in the store's order: when each reservation applied, plus the wait it was told.
        const slots = applied('reserveSlot').map(({ atMs, result }) => atMs + Number(result));
        applied('reserveSlot').forEach(({ result }) => expect(result).toBeGreaterThanOrEqual(0));
        slots.forEach((slotMs, j) => expect(slotMs).toBeGreaterThanOrEqual(slots[j - 1] ?? 0));
        expect(gcraViolations(slots, intervalMs, capacity)).toEqual([]);
        // Exact, not merely safe: a reservation that waits is exactly as far from some earlier slot as the
        // spacing requires, so a caller never waits longer than the bucket needs.
        applied('reserveSlot').forEach(({ result }, j) => {
          if (result === 0) return;
          waited++;
          const slotMs = slots[j] ?? 0;
          const tight = slots
            .slice(0, j)
            .some((earlierMs, i) => slotMs - earlierMs === (j - i - (capacity - 1)) * intervalMs);
          expect(tight).toBe(true);
        });
      }),
      { seed, numRuns },
    );
    expect(waited).toBeGreaterThan(0);
  });

  it('has teeth: the same check catches a GCRA made of a get and a set (two callers get one slot)', async () => {
    const details = await fc.check(
      fc.asyncProperty(fc.scheduler(), limits, limiterCallers, async (s, { intervalMs, capacity }, plans) => {
        const { clock, store } = raceWorld(s);
        const limiter = '{launch.myshopify.com}:throttle';
        const slots: number[] = [];
        // The same arithmetic as the memory store's, but the read and the write are two requests.
        const reserve = async () => {
          const nowMs = clock.nowMs();
          const tatMs = Math.max(nowMs, Number((await store.get(limiter)) ?? nowMs));
          const slotMs = Math.max(nowMs, tatMs - (capacity - 1) * intervalMs);
          await store.set(limiter, String(Math.max(tatMs, slotMs) + intervalMs));
          slots.push(slotMs);
          return slotMs - clock.nowMs();
        };
        await reserveAll(s, clock, reserve, plans);
        expect(gcraViolations(slots, intervalMs, capacity), 'GCRA spacing').toEqual([]);
      }),
      { seed, numRuns },
    );
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toContain('GCRA spacing');
  });
});

/**
 * The GCRA's spacing (pipeline/store.ts, `reserveSlot`): with slots sorted by time, any two slots i < j are
 * at least (j − i − (capacity − 1)) × interval apart — a burst of `capacity` at once, then one per
 * interval. Returns the pairs that are closer.
 */
function gcraViolations(slots: readonly number[], intervalMs: number, capacity: number): string[] {
  const sorted = [...slots].sort((a, b) => a - b);
  const violations: string[] = [];
  sorted.forEach((laterMs, j) => {
    sorted.slice(0, j).forEach((earlierMs, i) => {
      const neededMs = (j - i - (capacity - 1)) * intervalMs;
      if (laterMs - earlierMs < neededMs)
        violations.push(`slots ${i} and ${j} at ${earlierMs} and ${laterMs} ms: ${neededMs} ms needed`);
    });
  });
  return violations;
}
