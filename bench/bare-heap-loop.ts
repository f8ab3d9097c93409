/**
 * The reference for the simulator benchmark: a bare binary-heap event loop with no processes, no promises
 * and no clock object — the least work a discrete-event loop can do. Each fired event schedules the next
 * one for the same actor, so `pending` events stay queued throughout, as in the simulator run it is
 * compared with. The heap is the same struct-of-arrays layout the simulator's queue uses, written out
 * inline, so the ratio measures the simulator's own overhead and not a difference in heap quality.
 */
export function runBareHeapLoop(totalEvents: number, pending: number, delaysMs: Float64Array): number {
  let capacity = 1024;
  while (capacity < pending + 1) capacity *= 2;
  const times = new Float64Array(capacity);
  const seqs = new Float64Array(capacity);
  const actors = new Int32Array(capacity);
  let size = 0;
  let nextSeq = 0;
  let checksum = 0;

  const push = (timeMs: number, actor: number): void => {
    const seq = nextSeq++;
    let hole = size++;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const parentTime = times[parent]!;
      if (parentTime < timeMs || (parentTime === timeMs && seqs[parent]! < seq)) break;
      times[hole] = parentTime;
      seqs[hole] = seqs[parent]!;
      actors[hole] = actors[parent]!;
      hole = parent;
    }
    times[hole] = timeMs;
    seqs[hole] = seq;
    actors[hole] = actor;
  };

  for (let actor = 0; actor < pending; actor++) push(delaysMs[actor % delaysMs.length]!, actor);
  for (let fired = 0; fired < totalEvents; fired++) {
    const now = times[0]!;
    const actor = actors[0]!;
    const last = --size;
    const lastTime = times[last]!;
    const lastSeq = seqs[last]!;
    const lastActor = actors[last]!;
    let hole = 0;
    const half = last >> 1;
    while (hole < half) {
      let child = 2 * hole + 1;
      const right = child + 1;
      if (
        right < last &&
        (times[right]! < times[child]! || (times[right] === times[child] && seqs[right]! < seqs[child]!))
      ) {
        child = right;
      }
      const childTime = times[child]!;
      if (lastTime < childTime || (lastTime === childTime && lastSeq < seqs[child]!)) break;
      times[hole] = childTime;
      seqs[hole] = seqs[child]!;
      actors[hole] = actors[child]!;
      hole = child;
    }
    if (last > 0) {
      times[hole] = lastTime;
      seqs[hole] = lastSeq;
      actors[hole] = lastActor;
    }
    checksum += actor;
    push(now + delaysMs[fired % delaysMs.length]!, actor);
  }
  return checksum;
}
