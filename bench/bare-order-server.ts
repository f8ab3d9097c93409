import { createServer, type Server } from 'node:http';

/** One answer of the mock server, captured so the bare server can send one of the same shape and size. */
export interface CapturedResponse {
  status: number;
  /** The mock's own headers (lower-case), without those node adds itself (date, connection, length). */
  headers: Record<string, string>;
  /** The parsed JSON body: the bare server stringifies this object on every request. */
  body: unknown;
}

/**
 * The reference the mock HTTP server is measured against: a bare node:http server doing only the
 * irreducible work of an order create — read the body, `JSON.parse` it, `JSON.stringify` a response of
 * the same shape and size as the mock's, and send it with the same headers. No routing, no bucket, no
 * store, no validation.
 */
export function startBareOrderServer(captured: CapturedResponse, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const body = JSON.stringify(captured.body);
      res.writeHead(captured.status, { ...captured.headers, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}
