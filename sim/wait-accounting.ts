/**
 * What waits and events need from the simulator's scheduler: the count of ready processes and of gate
 * waits (see docs/decisions/001-scheduler.md). The {@link Simulator} implements it.
 */
export interface WaitAccounting {
  /** A process has started waiting. */
  block(): void;
  /** A waiting process has been woken. */
  wake(): void;
  /** +1 when a process starts waiting on a gate, −1 when it stops. */
  countGateWait(delta: number): void;
}
