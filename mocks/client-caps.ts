/** What {@link ClientCaps} holds and has refused, for `GET /__admin/stats`. */
export interface ClientCapsSnapshot {
  /** Shops the model keeps state for. */
  shops: number;
  /** The most it keeps (`maxShops`). */
  maxShops: number;
  /** Apps — distinct shop and access-token pairs, each with its own buckets — the model keeps. */
  apps: number;
  /** The most it keeps (`maxApps`). */
  maxApps: number;
  /** Requests refused because they named a new shop past `maxShops`. */
  refusedShops: number;
  /** Requests refused because they brought a new access token past `maxApps`. */
  refusedApps: number;
}

/**
 * Caps on the state clients create by naming things: every new shop (`Host`, `X-Funnelstorm-Shop`) and
 * every new access token on a shop gets buckets, timelines and stores of its own, so a client sending a
 * new one with each request grew the server without bound (issue 16: 6,043 requests took it from 95 to
 * 833 MB). Past a cap a new name is refused — never an old one evicted, which would silently reset the
 * buckets of a client still using it. Lookups are two hash probes, O(1).
 */
export class ClientCaps {
  private readonly tokensByShop = new Map<string, Set<string>>();
  private apps = 0;
  private refusedShops = 0;
  private refusedApps = 0;

  /**
   * @param maxShops - The most shops kept.
   * @param maxApps - The most shop and access-token pairs kept, over all shops.
   */
  constructor(
    private readonly maxShops: number,
    private readonly maxApps: number,
  ) {}

  /**
   * Admits a request from `token` on `shop`: undefined when the pair is known or fits, else which cap
   * refuses it (counted).
   */
  admit(shop: string, token: string): 'shop' | 'app' | undefined {
    let tokens = this.tokensByShop.get(shop);
    if (tokens?.has(token)) return undefined;
    if (tokens === undefined && this.tokensByShop.size >= this.maxShops) {
      this.refusedShops++;
      return 'shop';
    }
    if (this.apps >= this.maxApps) {
      this.refusedApps++;
      return 'app';
    }
    if (tokens === undefined) {
      tokens = new Set();
      this.tokensByShop.set(shop, tokens);
    }
    tokens.add(token);
    this.apps++;
    return undefined;
  }

  snapshot(): ClientCapsSnapshot {
    return {
      shops: this.tokensByShop.size,
      maxShops: this.maxShops,
      apps: this.apps,
      maxApps: this.maxApps,
      refusedShops: this.refusedShops,
      refusedApps: this.refusedApps,
    };
  }
}

/** The 403 body for a request refused by a cap, naming the cap and what to do (the mock's own wording). */
export function capRefusedBody(cap: 'shop' | 'app', shop: string, snapshot: ClientCapsSnapshot): string {
  const errors =
    cap === 'shop'
      ? `This mock already keeps state for ${snapshot.maxShops} shops (maxShops), so it refuses a new one ` +
        `(${shop}). Reuse a shop, POST /__admin/reset, or raise maxShops.`
      : `This mock already keeps buckets for ${snapshot.maxApps} apps (maxApps: distinct shop and access ` +
        `token pairs), so it refuses a new access token on ${shop}. Reuse a token, POST /__admin/reset, or ` +
        'raise maxApps.';
  return JSON.stringify({ errors });
}
