import type { ShopifyModel } from './model-types.js';
import type { ClientPoliteness } from './politeness.js';

/** `GET /__admin/clients`: the politeness score of every client, or of one shop's with `?shop=`. */
export interface AdminClientsBody {
  /** Each client (access token) on each shop, in the order they first called (politeness.ts). */
  clients: ClientPoliteness[];
}

/** The body of `GET /__admin/clients`; `shop` narrows it to one shop (case-insensitive). */
export function clientsBody(model: ShopifyModel, shop: string | undefined): AdminClientsBody {
  return { clients: model.clientPoliteness(shop) };
}
