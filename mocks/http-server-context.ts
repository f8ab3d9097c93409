import type { Clock } from '../runtime/clock.js';
import type { AdminApi } from './admin-api.js';
import type { ShopifyService } from './shopify-service.js';

/** What every request handler of one mock server shares; built once by `startMockServer`. */
export interface HttpServerContext {
  /** The Shopify model behind its fault injector. */
  readonly service: ShopifyService;
  /** The server's time (the system clock in production). */
  readonly clock: Clock;
  /** The clock's time when the server started listening, in ms: the origin of `nowMs` and fault windows. */
  readonly startMs: number;
  /** The shop of a request whose Host header names none. */
  readonly defaultShop: string;
  /** The largest request body read, in bytes. */
  readonly maxBodyBytes: number;
  /** Aborts when the server closes: pending delays end and their connections are dropped. */
  readonly closing: AbortSignal;
  /** The `/__admin` control API. */
  readonly admin: AdminApi;
  /** Where internal errors are reported, one line each. */
  readonly log: (line: string) => void;
}
