import type { HttpResponse } from '../runtime/transport.js';
import { jsonResponse } from './shopify-responses.js';

/** A request's headers as node gives them: lower-case names, a repeated header joined (or an array). */
export type AdminRequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** What a request to `/__admin` must bring, set once per server. */
export interface AdminGuardOptions {
  /**
   * The tokens that open `/__admin` (sent as `X-Shopify-Access-Token` or `Authorization: Bearer …`); when
   * undefined no token is asked for (a loopback-only server without `--token`).
   */
  tokens?: ReadonlySet<string> | undefined;
}

/** The media types `/__admin` reads a body as: JSON always, YAML only where a path takes it and named so. */
export type AdminBodyFormat = 'json' | 'yaml';

/** YAML media types, accepted by `PUT /__admin/faults` only (YAML is never guessed from the body). */
const yamlTypes = new Set(['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml']);

/** A host name a DNS rebinding cannot point elsewhere: an IP literal or `localhost`. */
const literalHost = /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/** What {@link checkAdminRequest} decided: refuse with an answer, or go on with the body's format. */
export type AdminGuardDecision =
  { ok: false; response: HttpResponse } | { ok: true; format: AdminBodyFormat };

/**
 * The control plane's guard (../shared/DESIGN.md, "Rules for bad input"), checked before any admin
 * handler runs, so a refused request changes nothing:
 *
 * 1. **Origin** — a browser sends `Origin` (and `Sec-Fetch-Site`) with every cross-site request, so a web
 *    page the user opens could otherwise reset or sabotage a local mock (CSRF). A request with an `Origin`
 *    other than the server itself named by an IP literal or `localhost` (a name could be re-pointed by DNS
 *    rebinding), or with `Sec-Fetch-Site` other than `same-origin`/`none`, gets **403**. curl and server
 *    clients send neither header.
 * 2. **Token** — when the server has tokens (`--token`, or `--admin-token`), `/__admin` needs one of them,
 *    else **401** with Shopify's 401 shape.
 * 3. **Content-Type** — a request with a body, or any that names a type, must send `application/json`
 *    (`PUT /__admin/faults` also takes a YAML type, by name only), else **415**. A browser form or a
 *    `text/plain` fetch — the bodies a page may send cross-site without a CORS preflight — never qualify.
 *
 * @param method - The request's method, upper-case.
 * @param path - The admin path, e.g. `/__admin/faults` (the YAML exception is decided from it).
 * @param hasBody - Whether the request carries a non-empty body.
 */
export function checkAdminRequest(
  method: string,
  path: string,
  headers: AdminRequestHeaders,
  hasBody: boolean,
  options: AdminGuardOptions,
): AdminGuardDecision {
  const foreign = foreignOrigin(headers);
  if (foreign !== undefined) {
    return refuse(
      403,
      `/__admin refuses requests from a web page (${foreign}): the control API takes requests from ` +
        'programs such as curl or your tests, never from a browser, so a page cannot reset or sabotage the mock.',
    );
  }
  if (options.tokens !== undefined && !hasToken(headers, options.tokens)) {
    return refuse(
      401,
      '[API] Invalid API key or access token (unrecognized login or wrong password): /__admin needs the ' +
        "server's token (--admin-token, else one of --token) in X-Shopify-Access-Token or Authorization: Bearer.",
    );
  }
  const type = mediaType(headers['content-type']);
  if (type === undefined) {
    if (!hasBody || method === 'GET' || method === 'HEAD') return { ok: true, format: 'json' };
    return refuse(415, `${method} ${path} with a body needs Content-Type: application/json.`);
  }
  if (type === 'application/json') return { ok: true, format: 'json' };
  if (yamlTypes.has(type) && path === '/__admin/faults') return { ok: true, format: 'yaml' };
  const accepted =
    path === '/__admin/faults'
      ? 'application/json (or application/yaml for a YAML plan)'
      : 'application/json';
  return refuse(415, `Content-Type ${type} is not accepted by /__admin: send ${accepted}.`);
}

/** Why a request's `Origin` or `Sec-Fetch-Site` marks it as a web page's, or undefined when it does not. */
function foreignOrigin(headers: AdminRequestHeaders): string | undefined {
  const site = single(headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${site}`;
  const origin = single(headers['origin']);
  if (origin === undefined) return undefined;
  const host = single(headers['host']);
  if (host !== undefined && origin === `http://${host}` && literalHost.test(hostName(host))) return undefined;
  return `Origin: ${origin}`;
}

/** The name part of a Host header (`127.0.0.1:4100` → `127.0.0.1`, `[::1]:4100` → `[::1]`). */
function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

function hasToken(headers: AdminRequestHeaders, tokens: ReadonlySet<string>): boolean {
  const shopify = single(headers['x-shopify-access-token']);
  if (shopify !== undefined && tokens.has(shopify)) return true;
  const authorization = single(headers['authorization']);
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  return bearer !== undefined && tokens.has(bearer);
}

/** `application/json; charset=utf-8` → `application/json`; undefined when absent or blank. */
function mediaType(value: string | string[] | undefined): string | undefined {
  const text = single(value);
  if (text === undefined) return undefined;
  const semicolon = text.indexOf(';');
  const type = (semicolon === -1 ? text : text.slice(0, semicolon)).trim().toLowerCase();
  return type === '' ? undefined : type;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function refuse(status: number, message: string): AdminGuardDecision {
  return { ok: false, response: jsonResponse(status, { errors: message }) };
}
