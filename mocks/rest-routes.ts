import { headerValue, type HttpRequest } from '../runtime/transport.js';
import { fencingTokenHeader, getCustomer, updateCustomer } from './customers-api.js';
import { listOrders } from './list-orders.js';
import type { ShopifyModelOptions } from './model-options.js';
import { createFulfillment, listFulfillments } from './fulfillments-api.js';
import { createMetafield, listMetafields, updateMetafield } from './metafields-api.js';
import { updateOrder } from './order-update.js';
import { createOrder, getOrder } from './orders-api.js';
import type { RouteAnswer } from './route-answer.js';
import type { ShopRegistry } from './shop-registry.js';
import { notFoundBody } from './shopify-responses.js';
import type { ShopifyTarget } from './shopify-route.js';

/**
 * Carries out a REST request that the bucket admitted (each costs 1 call of the REST bucket, doc): orders
 * create / get / list / update, customers get / update, customer and order metafields list / create /
 * update, fulfillments list / create. Reads of a shop without state see it empty and do not create it; writes create it.
 */
export function routeRestRequest(
  target: ShopifyTarget,
  request: HttpRequest,
  nowMs: number,
  shops: ShopRegistry,
  settings: Pick<ShopifyModelOptions, 'fencing' | 'currency' | 'timeOriginMs'>,
): RouteAnswer {
  const { shopDomain, route } = target;
  switch (route.kind) {
    case 'createOrder': {
      const shop = shops.get(shopDomain);
      return createOrder(shop.orders, request, nowMs, shop.orderCap);
    }
    case 'listOrders': {
      const listUrl = `${target.origin}/admin/api/${target.version}/orders.json`;
      return listOrders(shops.find(shopDomain)?.orders ?? shops.noOrders, route.query, listUrl);
    }
    case 'getOrder':
      return getOrder(shops.find(shopDomain)?.orders ?? shops.noOrders, route.id, route.query);
    case 'getCustomer':
      if (settings.fencing && headerValue(request.headers, fencingTokenHeader) !== undefined)
        return getCustomer(shops.get(shopDomain).customers, route.id, settings.currency, { request });
      return getCustomer(shops.find(shopDomain)?.customers ?? shops.noCustomers, route.id, settings.currency);
    case 'updateCustomer':
      return updateCustomer(shops.get(shopDomain).customers, route.id, request, nowMs, settings);
    case 'updateOrder': {
      const shop = shops.find(shopDomain);
      if (shop === undefined) return { status: 404, body: notFoundBody };
      return updateOrder(shop.orders, shop.orderNotes, route.id, request);
    }
    case 'listMetafields': {
      const shop = shops.find(shopDomain);
      if (shop === undefined && route.owner.type === 'Order') return { status: 404, body: notFoundBody };
      return listMetafields(shop ?? shops.get(shopDomain), route.owner, request, route.query, settings);
    }
    case 'createMetafield':
      return createMetafield(shops.get(shopDomain), route.owner, request, nowMs, settings);
    case 'updateMetafield':
      return updateMetafield(shops.get(shopDomain), route.owner, route.metafieldId, request, nowMs, settings);
    case 'listFulfillments': {
      const shop = shops.find(shopDomain);
      if (shop === undefined) return { status: 404, body: notFoundBody };
      return listFulfillments(shop.orders, shop.fulfillments, route.orderId, settings.timeOriginMs);
    }
    case 'createFulfillment': {
      const shop = shops.find(shopDomain);
      if (shop === undefined) return { status: 404, body: notFoundBody };
      return createFulfillment(
        shop.orders,
        shop.fulfillments,
        route.orderId,
        request,
        nowMs,
        settings.timeOriginMs,
      );
    }
    case 'graphql':
    case 'unknown':
      return { status: 404, body: notFoundBody };
  }
}

/**
 * Logs a request against the orders it touched (`result.touched`), in the shop's request log; does
 * nothing for a request that touched none.
 *
 * @param requestNumber - The model's request counter, which makes the `X-Request-Id`.
 * @returns The request's row in the log, or undefined when it touched no order.
 */
export function logTouches(
  shops: ShopRegistry,
  target: ShopifyTarget,
  method: string,
  result: Pick<RouteAnswer, 'status' | 'touched'>,
  requestNumber: number,
  nowMs: number,
): number | undefined {
  const { touched } = result;
  if (touched === undefined || (typeof touched !== 'number' && touched.length === 0)) return undefined;
  const log = shops.get(target.shopDomain).requests;
  const row = log.record(requestNumber, method.toUpperCase(), target.path, result.status, nowMs);
  if (typeof touched === 'number') log.touch(touched, row);
  else for (const position of touched) log.touch(position, row);
  return row;
}
