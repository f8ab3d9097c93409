import type { ServerResponse } from 'node:http';
import type { HttpResponse } from '../runtime/transport.js';

/**
 * Sends a model answer: one `writeHead` with every header, then the body. `Content-Length` is added to
 * the response's own header object rather than a copy (one allocation less per request): it is derived
 * from the body alone, so it stays true even if that object were shared. Without it node would fall back
 * to chunked encoding.
 */
export function sendResponse(res: ServerResponse, response: HttpResponse): void {
  const { headers, body } = response;
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Sends a Shopify-shaped error the server itself decides (a body too large, bytes that are not UTF-8):
 * `{"errors": message}` as Shopify's 4xx bodies are (SHOPIFY.md, "Errors", doc).
 *
 * @param close - Ask the client to close the connection (`Connection: close`), e.g. after refusing to
 *   read the rest of a body. Defaults to false.
 */
export function sendError(res: ServerResponse, status: number, message: string, close = false): void {
  const body = JSON.stringify({ errors: message });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  };
  if (close) headers['connection'] = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

/**
 * Turns an exception inside the server into a 500 with a JSON reason and one line on `log`, never a
 * crash. When the head has already gone out, the connection is dropped instead: the answer is broken.
 */
export function sendInternalError(
  res: ServerResponse,
  error: unknown,
  where: string,
  log: (line: string) => void,
): void {
  const message = error instanceof Error ? error.message : String(error);
  log(`funnelstorm mock: internal error on ${where}: ${message}`);
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  sendError(res, 500, `Internal Server Error: ${message}`);
}
