import type { ShopLimits } from '../model-options.js';
import type { LimitsFaultRule } from './fault-plan.js';

/** What a `limits` window changes: the model's limits (`ShopifyModel` fits); GraphQL's follow the leak rate. */
export interface LimitsTarget {
  readonly limits: Readonly<ShopLimits>;
  setLimits(limits: ShopLimits, nowMs: number): void;
}

interface LimitsWindow {
  index: number;
  fromMs: number;
  toMs: number;
  limits: ShopLimits;
}

/**
 * The `limits` windows of a plan, applied at their exact times: a window entered or left between two
 * requests changes the limits at its own start or end, so every bucket leaks at the old rate up to that
 * moment and at the new rate after it ("Shopify may lower limits temporarily", SHOPIFY.md, doc). Windows
 * do not overlap (the schema checks); the limits in force when a window starts are restored when it ends.
 */
export class LimitsSchedule {
  private readonly windows: LimitsWindow[];
  private next = 0;
  private active: { window: LimitsWindow; saved: ShopLimits } | undefined;

  /**
   * @param rules - The plan's rules with their index in the plan.
   * @param originMs - Time 0 of the windows, in the face's ms.
   * @param startMs - When the plan was set, in the face's ms: a window's part before it is skipped.
   * @param onEnter - Told the plan index of each window entered.
   */
  constructor(
    rules: readonly { index: number; rule: LimitsFaultRule }[],
    originMs: number,
    private readonly startMs: number,
    private readonly onEnter: (index: number) => void,
  ) {
    this.windows = rules
      .map(({ index, rule }) => ({
        index,
        fromMs: originMs + rule.window.fromSeconds * 1000,
        toMs: originMs + rule.window.toSeconds * 1000,
        limits: { bucketSize: rule.bucketSize, leakPerSecond: rule.leakPerSecond },
      }))
      .sort((a, b) => a.fromMs - b.fromMs);
  }

  /** Applies every window start and end up to `nowMs` (inclusive), in time order. */
  advance(nowMs: number, target: LimitsTarget): void {
    for (;;) {
      if (this.active !== undefined) {
        if (nowMs < this.active.window.toMs) return;
        target.setLimits(this.active.saved, this.active.window.toMs);
        this.active = undefined;
      }
      const window = this.windows[this.next];
      if (window === undefined) return;
      const fromMs = Math.max(window.fromMs, this.startMs);
      if (fromMs < window.toMs && nowMs < fromMs) return;
      this.next++;
      if (fromMs >= window.toMs) continue; // over before the plan was set
      this.active = { window, saved: { ...target.limits } };
      target.setLimits(window.limits, fromMs);
      this.onEnter(window.index);
    }
  }

  /** Someone set the limits while a window is lowering them: restore those at its end instead. */
  rebase(limits: ShopLimits): void {
    if (this.active !== undefined) this.active.saved = { ...limits };
  }

  /** Ends a window in force at `nowMs`, restoring the limits it saved (the plan is being replaced). */
  end(nowMs: number, target: LimitsTarget): void {
    if (this.active === undefined) return;
    target.setLimits(this.active.saved, nowMs);
    this.active = undefined;
  }
}
