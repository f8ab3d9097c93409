/**
 * Resolves on the next turn of the platform's macrotask queue. The simulator runs a whole simulation as
 * one chain of microtasks, so this fires only once that chain has ended — when the run is finished or
 * stalled. It is how the simulator notices a stall without putting a timer on any event's path.
 */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
