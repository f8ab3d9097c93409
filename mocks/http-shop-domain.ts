/** The shop a request is for when its Host header names none. */
export const defaultMockShop = 'funnelstorm-test.myshopify.com';

/** A shop's `*.myshopify.com` domain: the handle is letters, digits and hyphens (Shopify's own rule). */
const shopDomainPattern = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * The shop a request to the mock server is for: the Host header's name (lower-case, port dropped) when
 * it is a `*.myshopify.com` domain, else `fallback`. A client that talks to `http://127.0.0.1:PORT` gets
 * the fallback; one that sends `Host: launch.myshopify.com` talks to that shop, so one server serves many
 * shops, as Shopify's buckets are per app per shop (SHOPIFY.md, "REST Admin API", doc).
 *
 * @param host - The Host header, e.g. `launch.myshopify.com:8080`, or undefined when absent.
 * @param fallback - The server's default shop, e.g. {@link defaultMockShop}.
 */
export function shopDomainOfHost(host: string | undefined, fallback: string): string {
  if (host === undefined) return fallback;
  const colon = host.lastIndexOf(':');
  // An IPv6 literal (`[::1]:8080`) has colons of its own; it is never a shop anyway.
  const name = (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
  return shopDomainPattern.test(name) ? name : fallback;
}

/**
 * The header that names the shop when the Host header cannot: `fetch` and most HTTP clients will not let
 * a caller set Host, so a test talking to `http://127.0.0.1:PORT` sends `X-Funnelstorm-Shop:
 * launch.myshopify.com` instead. It wins over Host. Not a Shopify header: the mock's own.
 */
export const shopHeader = 'x-funnelstorm-shop';

/** Which shop a request names, or why its {@link shopHeader} is unusable. */
export type ShopChoice = { ok: true; shop: string } | { ok: false; reason: string };

/**
 * The shop a request is for: {@link shopHeader} when present (it must be a `*.myshopify.com` domain,
 * else the request is refused), else {@link shopDomainOfHost}.
 */
export function chooseShop(
  header: string | string[] | undefined,
  host: string | undefined,
  fallback: string,
): ShopChoice {
  if (header === undefined) return { ok: true, shop: shopDomainOfHost(host, fallback) };
  const name = (Array.isArray(header) ? header.join(',') : header).trim().toLowerCase();
  if (isShopDomain(name)) return { ok: true, shop: name };
  return {
    ok: false,
    reason: `${shopHeader} must be a shop domain such as launch.myshopify.com (got ${JSON.stringify(name)})`,
  };
}

/** True when `domain` is a well-formed `*.myshopify.com` shop domain (lower-case). */
export function isShopDomain(domain: string): boolean {
  return shopDomainPattern.test(domain);
}
