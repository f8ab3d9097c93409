import { faultKinds, type FaultKind, type FaultRule } from './fault-plan.js';

/** What a fault plan did so far: for reports, the admin API and coverage statistics. */
export interface FaultStats {
  /** Requests decided on while a plan was set. */
  requests: number;
  /**
   * Faults that took effect, per kind (every kind present, 0 when none). A rule that fired but lost to an
   * earlier one (first match wins) does not count here; `limits` counts windows entered.
   */
  byKind: Record<FaultKind, number>;
  /** Ambiguous faults that hid a 2xx: writes that happened although the client was told otherwise. */
  ambiguousCommitted: number;
  /** Server time added by latency faults, summed over requests, in ms. */
  addedLatencyMs: number;
  /** Per rule, in plan order: how often its draw came up (`fired`) and how often it took effect (`applied`). */
  byRule: { kind: FaultKind; fired: number; applied: number }[];
}

/** Counts what the injector does; {@link FaultStatsRecorder.snapshot} copies it. */
export class FaultStatsRecorder {
  private requests = 0;
  private readonly byKind = new Map<FaultKind, number>(faultKinds.map((kind) => [kind, 0]));
  private ambiguousCommitted = 0;
  private addedLatencyMs = 0;
  private readonly fired: number[];
  private readonly applied: number[];

  constructor(private readonly rules: readonly FaultRule[]) {
    this.fired = rules.map(() => 0);
    this.applied = rules.map(() => 0);
  }

  /** One request decided on. */
  request(): void {
    this.requests++;
  }

  /** Rule `index`'s draw came up. */
  fire(index: number): void {
    this.fired[index] = (this.fired[index] ?? 0) + 1;
  }

  /** Rule `index` took effect (for `limits`: its window was entered). Fires it too when `alsoFired`. */
  apply(index: number, alsoFired = false): void {
    const kind = this.rules[index]?.kind;
    if (kind === undefined) return;
    if (alsoFired) this.fire(index);
    this.applied[index] = (this.applied[index] ?? 0) + 1;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
  }

  /** An ambiguous fault replaced a 2xx answer. */
  committed(): void {
    this.ambiguousCommitted++;
  }

  /** Latency faults added `ms` to one answer. */
  latency(ms: number): void {
    this.addedLatencyMs += ms;
  }

  /** Forgets every count (the rules stay). */
  clear(): void {
    this.requests = 0;
    this.ambiguousCommitted = 0;
    this.addedLatencyMs = 0;
    for (const kind of faultKinds) this.byKind.set(kind, 0);
    this.fired.fill(0);
    this.applied.fill(0);
  }

  /** A copy of the counts. */
  snapshot(): FaultStats {
    return {
      requests: this.requests,
      byKind: Object.fromEntries(faultKinds.map((kind) => [kind, this.byKind.get(kind) ?? 0])) as Record<
        FaultKind,
        number
      >,
      ambiguousCommitted: this.ambiguousCommitted,
      addedLatencyMs: this.addedLatencyMs,
      byRule: this.rules.map((rule, index) => ({
        kind: rule.kind,
        fired: this.fired[index] ?? 0,
        applied: this.applied[index] ?? 0,
      })),
    };
  }
}
