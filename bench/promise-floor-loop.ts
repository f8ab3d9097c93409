import { EventQueue } from '../sim/event-queue.js';

/**
 * A context reference for the simulator benchmark: the least a scheduler can do when every event resumes
 * an `await` — the simulator's own event queue plus one promise per wake, with no gates, signals, stall
 * detection or bookkeeping. It bounds how close any async/await simulator can come to the bare heap loop.
 */
export function runPromiseFloorLoop(
  totalEvents: number,
  pending: number,
  delaysMs: Float64Array,
): Promise<void> {
  const perActor = Math.floor(totalEvents / pending);
  const queue = new EventQueue();
  let ready = pending;
  let nowMs = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const step = (): void => {
    while (ready === 0) {
      if (queue.size === 0) return finish();
      const wake = queue.pop() as () => void;
      nowMs = queue.poppedTimeMs;
      ready++;
      wake();
    }
  };
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      queue.pushWake(nowMs + ms, resolve);
      if (--ready === 0) step();
    });
  for (let actor = 0; actor < pending; actor++) {
    void (async () => {
      for (let i = 0; i < perActor; i++) await sleep(delaysMs[(actor * perActor + i) % delaysMs.length]!);
      if (--ready === 0) step();
    })();
  }
  return finished;
}
