/** The parts of an absolute URL the model reads, as `new URL(url)` gives them. */
export interface UrlParts {
  /** Scheme, host and a non-default port, e.g. `https://launch.myshopify.com`. */
  origin: string;
  /** The host name, lower-case, without the port. */
  hostname: string;
  /** The path, e.g. `/admin/api/2026-01/orders.json`. */
  pathname: string;
  /** The query with its `?`, or '' when there is none, e.g. `?tag=x`. */
  search: string;
}

/**
 * A plain `http(s)://host[:port]/path[?query]` URL in the characters that WHATWG URL parsing leaves as
 * they are: no user info, no fragment, no `%` in the path (`%2e` can be a dot segment), no character it
 * would percent-encode.
 */
const plainUrl =
  /^(https?):\/\/([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?::(\d{1,5}))?(\/[A-Za-z0-9\-._~!$&()*+,;=:@/]*)(\?[A-Za-z0-9\-._~!$&()*+,;=:@%/?[\]{}|^]*)?$/;

/**
 * Hosts the URL parser rewrites: a last label that is a number makes it parse the host as IPv4 (so
 * `0x7f.1` becomes `127.0.0.1`), and `xn--` labels go through IDNA checks. Those take the slow path.
 */
const rewrittenHost = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$|xn--/i;

/** A `.` or `..` path segment, which the parser resolves away. */
const dotSegment = /\/\.\.?(?:\/|$)/;

/**
 * Splits an absolute URL into the parts `new URL(url)` would give, or undefined when it is not a valid
 * absolute URL. Plain URLs — every URL a client of the mock sends in practice — take a fast path that
 * allocates only the parts (the model runs this on every request; `new URL` costs about a microsecond);
 * anything else goes through `new URL`, so the answer is always the WHATWG parser's.
 */
export function splitUrl(url: string): UrlParts | undefined {
  const match = plainUrl.exec(url);
  const pathname = match?.[4];
  const host = match?.[2];
  if (
    match !== null &&
    pathname !== undefined &&
    host !== undefined &&
    !dotSegment.test(pathname) &&
    !rewrittenHost.test(host)
  ) {
    const scheme = match[1] ?? 'https';
    const hostname = host.toLowerCase();
    const port = match[3];
    const search = match[5] === undefined || match[5] === '?' ? '' : match[5];
    const defaultPort = scheme === 'https' ? '443' : '80';
    // A port is kept unless it is the scheme's default; leading zeros are dropped, as URL does.
    const portNumber = port === undefined ? undefined : Number(port);
    if (portNumber === undefined || portNumber <= 65535) {
      const shown = portNumber === undefined || String(portNumber) === defaultPort ? '' : `:${portNumber}`;
      return { origin: `${scheme}://${hostname}${shown}`, hostname, pathname, search };
    }
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not an absolute URL at all: the caller answers 404.
    return undefined;
  }
  return {
    origin: parsed.origin,
    hostname: parsed.hostname,
    pathname: parsed.pathname,
    search: parsed.search,
  };
}
