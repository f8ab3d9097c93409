import { describe, expect, it } from 'vitest';
import { createRandom } from '../runtime/seeded-random.js';
import { isFunnelstormError } from '../runtime/errors.js';
import { Simulator } from './simulator.js';

describe('Simulator', () => {
  it('wakes each sleeping process at exactly its virtual time, in time order', async () => {
    const sim = new Simulator();
    const log: string[] = [];
    sim.spawn('slow', async () => {
      await sim.sleep(300);
      log.push(`slow@${sim.nowMs()}`);
    });
    sim.spawn('fast', async () => {
      await sim.sleep(100);
      log.push(`fast@${sim.nowMs()}`);
      await sim.sleep(50);
      log.push(`fast@${sim.nowMs()}`);
    });
    const result = await sim.run();
    expect(log).toEqual(['fast@100', 'fast@150', 'slow@300']);
    expect(result.endMs).toBe(300);
    expect(result.events).toBe(3);
  });

  it('runs events at the same time first-in first-out', async () => {
    const sim = new Simulator();
    const log: number[] = [];
    for (let i = 0; i < 5; i++) {
      sim.spawn(`p${i}`, async () => {
        await sim.sleep(10);
        log.push(i);
      });
    }
    await sim.run();
    expect(log).toEqual([0, 1, 2, 3, 4]);
  });

  it('lets a process see the time it was woken even after other processes ran synchronous work', async () => {
    const sim = new Simulator();
    const seen: number[] = [];
    sim.spawn('a', async () => {
      for (let i = 0; i < 3; i++) {
        await sim.sleep(7);
        seen.push(sim.nowMs());
      }
    });
    sim.spawn('b', async () => {
      for (let i = 0; i < 2; i++) {
        await sim.sleep(10);
        seen.push(sim.nowMs());
      }
    });
    await sim.run();
    expect(seen).toEqual([7, 10, 14, 20, 21]);
  });

  it('hands a value through a gate and wakes the waiter at the opener’s time', async () => {
    const sim = new Simulator();
    const gate = sim.gate<string>();
    let received: unknown;
    let at = -1;
    sim.spawn('waiter', async () => {
      received = await gate.wait();
      at = sim.nowMs();
    });
    sim.spawn('opener', async () => {
      await sim.sleep(250);
      expect(gate.open('hello')).toBe(true);
      expect(gate.open('again')).toBe(false);
    });
    await sim.run();
    expect(received).toEqual({ ok: true, value: 'hello' });
    expect(at).toBe(250);
  });

  it('returns at once from a gate that is already open', async () => {
    const sim = new Simulator();
    const gate = sim.gate<number>();
    gate.open(42);
    let received: unknown;
    sim.spawn('late', async () => {
      received = await gate.wait();
    });
    await sim.run();
    expect(received).toEqual({ ok: true, value: 42 });
  });

  it('aborts a gate wait at the exact timeout and ignores a later open', async () => {
    const sim = new Simulator();
    const gate = sim.gate<string>();
    let outcome: unknown;
    let at = -1;
    sim.spawn('waiter', async () => {
      outcome = await gate.wait(sim.timeout(1_000));
      at = sim.nowMs();
    });
    sim.spawn('too-late', async () => {
      await sim.sleep(5_000);
      expect(gate.open('late')).toBe(false);
    });
    await sim.run();
    expect(outcome).toEqual({ ok: false, reason: 'aborted' });
    expect(at).toBe(1_000);
  });

  it('ends a sleep early when its signal aborts', async () => {
    const sim = new Simulator();
    let at = -1;
    sim.spawn('sleeper', async () => {
      const signal = sim.timeout(30);
      await sim.sleep(1_000, signal);
      at = sim.nowMs();
      expect(signal.aborted).toBe(true);
    });
    const result = await sim.run();
    expect(at).toBe(30);
    expect(result.endMs).toBe(30);
  });

  it('ends a wakeable sleep when its owner wakes it, and never fires its event', async () => {
    const sim = new Simulator();
    const woke: number[] = [];
    let sleep: ReturnType<Simulator['sleepWakeable']> | undefined;
    sim.spawn('sleeper', async () => {
      sleep = sim.sleepWakeable(1_000);
      await sleep.done;
      woke.push(sim.nowMs());
      await sim.sleepWakeable(20).done; // not woken: ends at its time
      woke.push(sim.nowMs());
    });
    sim.spawn('waker', async () => {
      await sim.sleep(30);
      sleep?.wake();
      sleep?.wake(); // a second wake does nothing
    });
    const result = await sim.run();
    expect(woke).toEqual([30, 50]);
    // The waker's sleep and the second wakeable sleep; the woken one is skipped, not fired.
    expect(result.events).toBe(2);
    expect(result.endMs).toBe(50);
  });

  it('does not let an unused timeout keep the run going', async () => {
    const sim = new Simulator();
    sim.spawn('quick', async () => {
      sim.timeout(60_000);
      await sim.sleep(5);
    });
    const result = await sim.run();
    expect(result.endMs).toBe(5);
  });

  it('never fires a cancelled deadline: its signal stays unaborted and it is no event', async () => {
    const sim = new Simulator();
    let kept: AbortSignal | undefined;
    let cancelled: AbortSignal | undefined;
    sim.spawn('waiter', async () => {
      const keep = sim.deadline(100);
      const drop = sim.deadline(100);
      kept = keep.signal;
      cancelled = drop.signal;
      drop.cancel();
      // Waiting on a gate keeps the daemon timeouts live, so both reach their time.
      await sim.gate<void>().wait(keep.signal);
    });
    const result = await sim.run();
    expect(kept?.aborted).toBe(true);
    expect(cancelled?.aborted).toBe(false);
    expect(result).toMatchObject({ endMs: 100, events: 1 });
  });
  it('fires scheduled callbacks in order and allows cancelling one', async () => {
    const sim = new Simulator();
    const log: string[] = [];
    sim.at(20, () => log.push(`b@${sim.nowMs()}`));
    const cancel = sim.at(15, () => log.push('cancelled'));
    sim.at(10, () => log.push(`a@${sim.nowMs()}`));
    cancel();
    await sim.run();
    expect(log).toEqual(['a@10', 'b@20']);
  });

  it('reports processes left waiting on a gate nobody can open', async () => {
    const sim = new Simulator();
    const gate = sim.gate<void>();
    sim.spawn('forever', async () => {
      await gate.wait();
    });
    const result = await sim.run();
    expect(result.blockedWaits).toBe(1);
  });

  it('fails with SIM_STALLED when a process awaits a promise the simulator cannot see', async () => {
    const sim = new Simulator();
    let release: () => void = () => undefined;
    const invisible = new Promise<void>((resolve) => {
      release = resolve;
    });
    sim.spawn('blind', async () => {
      await invisible;
    });
    const error = await sim.run().catch((e: unknown) => e);
    expect(isFunnelstormError(error, 'SIM_STALLED')).toBe(true);
    release();
  });

  it('fails with SIM_PROCESS_FAILED naming the process that threw', async () => {
    const sim = new Simulator();
    sim.spawn('worker-3', async () => {
      await sim.sleep(12);
      throw new Error('boom');
    });
    const error = await sim.run().catch((e: unknown) => e);
    expect(isFunnelstormError(error, 'SIM_PROCESS_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/worker-3.*t=12 ms.*boom/s);
  });

  it('fails with SIM_PROCESS_FAILED naming the event when a scheduled callback throws', async () => {
    const sim = new Simulator();
    sim.spawn('bystander', async () => {
      await sim.sleep(100);
    });
    sim.at(40, () => {
      throw new Error('model bug');
    });
    const error = await sim.run().catch((e: unknown) => e);
    expect(isFunnelstormError(error, 'SIM_PROCESS_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/"event at t=40 ms".*model bug/s);
  });

  it('stops at untilMs and says the run was truncated', async () => {
    const sim = new Simulator();
    sim.spawn('long', async () => {
      for (;;) await sim.sleep(100);
    });
    const result = await sim.run({ untilMs: 1_000 });
    expect(result.truncated).toBe(true);
    expect(result.endMs).toBe(1_000);
  });

  it('gives the same trace for the same seed and a different one for another seed', async () => {
    const trace = async (seed: number): Promise<string> => {
      const sim = new Simulator();
      const random = createRandom(seed);
      const log: string[] = [];
      for (let p = 0; p < 20; p++) {
        const mine = random.fork(`p${p}`);
        sim.spawn(`p${p}`, async () => {
          for (let i = 0; i < 50; i++) {
            await sim.sleep(mine.int(0, 100));
            log.push(`${p}@${sim.nowMs()}`);
          }
        });
      }
      await sim.run();
      return log.join(',');
    };
    expect(await trace(7)).toBe(await trace(7));
    expect(await trace(7)).not.toBe(await trace(8));
  });

  it('reports progress every N events with the virtual time, without changing the run', async () => {
    const sim = new Simulator();
    sim.spawn('ticker', async () => {
      for (let i = 0; i < 10; i++) await sim.sleep(100);
    });
    const seen: [number, number][] = [];
    const result = await sim.run({
      progressEveryEvents: 4,
      onProgress: (nowMs, events) => seen.push([nowMs, events]),
    });
    expect(seen).toEqual([
      [400, 4],
      [800, 8],
    ]);
    expect(result).toMatchObject({ endMs: 1_000, events: 10 });
  });

  it('treats a zero sleep as a yield to the other ready processes', async () => {
    const sim = new Simulator();
    const log: string[] = [];
    sim.spawn('a', async () => {
      log.push('a1');
      await sim.sleep(0);
      log.push('a2');
    });
    sim.spawn('b', async () => {
      log.push('b1');
      await sim.sleep(0);
      log.push('b2');
    });
    const result = await sim.run();
    expect(log).toEqual(['a1', 'b1', 'a2', 'b2']);
    expect(result.endMs).toBe(0);
  });
});
