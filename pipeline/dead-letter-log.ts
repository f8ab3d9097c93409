import type { DeadLetter, DeadLetterResponse } from './dead-letter-queue.js';
import type { LogEntry, Store } from './store.js';

/** Options for {@link StoreDeadLetters}. */
export interface StoreDeadLettersOptions<T> {
  /**
   * Checks a payload read back from the store and gives it its type; undefined marks the entry unreadable.
   * Defaults to taking the parsed JSON as it is (so `T` must survive a JSON round trip).
   */
  parsePayload?: (payload: unknown) => T | undefined;
  /** Entries read per store call while replaying. Defaults to 100. */
  pageSize?: number;
}

/** One entry of the dead-letter log: its id and the letter, or why it could not be read back. */
export type StoredDeadLetter<T> =
  { id: string; ok: true; letter: DeadLetter<T> } | { id: string; ok: false; reason: string; raw: string };

/** What {@link StoreDeadLetters.replay} did, entry by entry. */
export interface ReplayReport {
  /** Re-driven (`accept` resolved) and removed from the log. */
  replayed: string[];
  /** `accept` threw: the letter stays in the log, with the error here. */
  failed: { id: string; reason: string }[];
  /** Re-driven, but the removal failed (store unavailable): the letter is still in the log. */
  notRemoved: { id: string; reason: string }[];
  /** Entries that are not a dead letter this code can read: left in the log untouched. */
  unreadable: string[];
  /** Ids asked for that are not in the log (already replayed or removed). */
  missing: string[];
}

/**
 * The dead-letter queue in the Store: each give-up appended as JSON to the log `{<shop>}:dlq` — a Redis
 * stream with the Redis store, so letters survive the process and every worker of every process writes
 * to one queue. The shop's domain in braces is a Redis Cluster hash tag: all of a shop's keys live on one
 * node. The letter holds `{ key, reason, attempts, atMs, payload, lastResponse? }`.
 *
 * `replay` re-drives letters into an intake and removes each only after the intake accepted it, so a
 * failure half-way loses nothing; at worst a letter is re-driven twice (removal failed after `accept`),
 * which the pipeline's idempotency claim absorbs.
 *
 * @example
 * const dlq = new StoreDeadLetters<PipelineOrder>(store, 'launch.myshopify.com');
 * await dlq.add({ key: 'so-1', reason: 'HTTP 422', attempts: 1, atMs: clock.nowMs(), payload: order });
 * const report = await dlq.replay('all', (letter) => pipeline.accept(letter.payload));
 */
export class StoreDeadLetters<T> {
  /** The store log that holds the letters: `{<shop>}:dlq`. */
  readonly key: string;
  private readonly parsePayload: (payload: unknown) => T | undefined;
  private readonly pageSize: number;

  constructor(
    private readonly store: Store,
    shop: string,
    options: StoreDeadLettersOptions<T> = {},
  ) {
    this.key = `{${shop}}:dlq`;
    this.parsePayload = options.parsePayload ?? ((payload) => payload as T);
    this.pageSize = Math.max(1, Math.floor(options.pageSize ?? 100));
  }

  /** Appends a give-up. Returns its id in the log (ids sort in append order). */
  add(letter: DeadLetter<T>): Promise<string> {
    const { key, reason, attempts, atMs, payload, lastResponse } = letter;
    const json = JSON.stringify({
      key,
      reason,
      attempts,
      atMs,
      payload,
      ...(lastResponse && { lastResponse }),
    });
    return this.store.append(this.key, json);
  }

  /** Up to `count` letters (default: all) with ids after `afterId` (default: from the start), oldest first. */
  async list(options: { afterId?: string; count?: number } = {}): Promise<StoredDeadLetter<T>[]> {
    const entries = await this.store.readLog(this.key, options);
    return entries.map((entry) => this.decode(entry));
  }

  /** Removes one letter. Returns true when it was there. */
  remove(id: string): Promise<boolean> {
    return this.store.removeFromLog(this.key, id);
  }

  /**
   * Re-drives letters into `accept` one at a time, oldest first: the listed ids, or `'all'` — every letter
   * in the log when the replay starts (letters added while it runs, say by `accept` dead-lettering again,
   * wait for the next replay). A letter is removed only after `accept` resolved for it; when `accept`
   * throws, the letter stays and the replay goes on with the next. Store errors while reading end the
   * replay with that error; what was replayed until then is removed.
   */
  async replay(
    selection: readonly string[] | 'all',
    accept: (letter: DeadLetter<T>, id: string) => void | Promise<void>,
  ): Promise<ReplayReport> {
    const report: ReplayReport = { replayed: [], failed: [], notRemoved: [], unreadable: [], missing: [] };
    const wanted = selection === 'all' ? undefined : new Set(selection);
    const lastId = selection === 'all' ? await this.lastId() : undefined;
    if (selection === 'all' && lastId === undefined) return report;
    let afterId: string | undefined;
    while (wanted === undefined || wanted.size > 0) {
      const page = await this.store.readLog(this.key, { count: this.pageSize, ...(afterId && { afterId }) });
      afterId = page.at(-1)?.id;
      if (afterId === undefined) break;
      for (const entry of page) {
        if (lastId !== undefined && compareLogIds(entry.id, lastId) > 0) return report;
        if (wanted !== undefined && !wanted.delete(entry.id)) continue;
        await this.replayOne(this.decode(entry), accept, report);
      }
    }
    report.missing.push(...(wanted ?? []));
    return report;
  }

  private async replayOne(
    stored: StoredDeadLetter<T>,
    accept: (letter: DeadLetter<T>, id: string) => void | Promise<void>,
    report: ReplayReport,
  ): Promise<void> {
    if (!stored.ok) {
      report.unreadable.push(stored.id);
      return;
    }
    try {
      await accept(stored.letter, stored.id);
    } catch (error) {
      report.failed.push({ id: stored.id, reason: describe(error) });
      return;
    }
    try {
      await this.remove(stored.id);
      report.replayed.push(stored.id);
    } catch (error) {
      report.notRemoved.push({ id: stored.id, reason: describe(error) });
    }
  }

  /** The id of the newest letter, or undefined when the log is empty. Reads the log page by page. */
  private async lastId(): Promise<string | undefined> {
    let lastId: string | undefined;
    for (;;) {
      const page = await this.store.readLog(this.key, {
        count: this.pageSize,
        ...(lastId && { afterId: lastId }),
      });
      const last = page.at(-1);
      if (last === undefined) return lastId;
      lastId = last.id;
    }
  }

  private decode(entry: LogEntry): StoredDeadLetter<T> {
    const bad = (reason: string): StoredDeadLetter<T> => ({
      id: entry.id,
      ok: false,
      reason,
      raw: entry.value,
    });
    let data: unknown;
    try {
      data = JSON.parse(entry.value);
    } catch (error) {
      return bad(`not JSON: ${describe(error)}`);
    }
    if (typeof data !== 'object' || data === null) return bad('not a JSON object');
    const { key, reason, attempts, atMs, payload, lastResponse } = data as Record<string, unknown>;
    if (typeof key !== 'string' || typeof reason !== 'string') return bad('key and reason must be strings');
    if (typeof attempts !== 'number' || typeof atMs !== 'number')
      return bad('attempts and atMs must be numbers');
    const response = lastResponse === undefined ? undefined : responseOf(lastResponse);
    if (response === null) return bad('lastResponse must be { status: number, body: string }');
    const parsed = this.parsePayload(payload);
    if (parsed === undefined) return bad('the payload was refused by parsePayload');
    const letter: DeadLetter<T> = { key, reason, attempts, atMs, payload: parsed };
    if (response !== undefined) letter.lastResponse = response;
    return { id: entry.id, ok: true, letter };
  }
}

/** Orders two log ids (`<ms>-<seq>`, as Redis stream ids): negative, zero or positive. */
export function compareLogIds(a: string, b: string): number {
  const [aMs, aSeq] = logIdParts(a);
  const [bMs, bSeq] = logIdParts(b);
  return aMs !== bMs ? aMs - bMs : aSeq - bSeq;
}

function logIdParts(id: string): [number, number] {
  const [ms = '0', seq = '0'] = id.split('-');
  return [Number(ms) || 0, Number(seq) || 0];
}

function responseOf(value: unknown): DeadLetterResponse | null {
  if (typeof value !== 'object' || value === null) return null;
  const { status, body } = value as Record<string, unknown>;
  return typeof status === 'number' && typeof body === 'string' ? { status, body } : null;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
