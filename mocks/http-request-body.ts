import { IncomingMessage, type ServerResponse } from 'node:http';
import { fail, ok, type Result } from '../runtime/result.js';
import type { HttpServerContext } from './http-server-context.js';
import { sendError } from './http-respond.js';

/** Called with the decoded body once a request has been read whole and accepted. */
export type BodyHandler = (
  context: HttpServerContext,
  req: MockHttpRequest,
  res: ServerResponse,
  body: string | undefined,
) => void;

/**
 * node's request with the few fields the mock needs to read a body. The server creates every request
 * as one (`createServer({ IncomingMessage: MockHttpRequest })`), so the body listeners below are shared
 * functions that find their state on `this`, with no closures made per request.
 */
export class MockHttpRequest extends IncomingMessage {
  /** The answer to this request. */
  response: ServerResponse | undefined;
  /** The server's shared state, set when the body starts to be read. */
  context: HttpServerContext | undefined;
  /** Called with the decoded body once it is read whole. */
  onBody: BodyHandler | undefined;
  /** The body's chunks so far (never more than `maxBodyBytes` in all). */
  chunks: Buffer[] = [];
  /** The body's bytes so far. */
  bodyBytes = 0;
  /** True once the request was refused (too large) or broke: later chunks are dropped unread. */
  refused = false;
}

/** One decoder for all requests: `fatal` rejects bytes that are not UTF-8 instead of replacing them. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a body as UTF-8, or fails on the first invalid byte sequence. */
export function decodeUtf8(bytes: Uint8Array): Result<string, 'not-utf8'> {
  try {
    return ok(utf8.decode(bytes));
  } catch (error) {
    if (error instanceof TypeError) return fail('not-utf8');
    throw error;
  }
}

/**
 * Reads the body of `req`, then calls `onBody` with it. A request without a body (no Content-Length, no
 * Transfer-Encoding) is handled at once. A body over `context.maxBodyBytes` gets 413 as soon as that is
 * known — from Content-Length before reading anything, or while counting a chunked body — and is never
 * buffered whole; the connection is then closed. Bytes that are not UTF-8 get 400.
 */
export function readRequestBody(
  context: HttpServerContext,
  req: MockHttpRequest,
  res: ServerResponse,
  onBody: BodyHandler,
): void {
  const { headers } = req;
  const declared = headers['content-length'];
  if (declared === undefined && headers['transfer-encoding'] === undefined) {
    onBody(context, req, res, undefined);
    return;
  }
  if (declared !== undefined && Number(declared) > context.maxBodyBytes) {
    refuseTooLarge(context, req, res);
    return;
  }
  req.context = context;
  req.response = res;
  req.onBody = onBody;
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
}

function onData(this: MockHttpRequest, chunk: Buffer): void {
  if (this.refused) return;
  const context = this.context as HttpServerContext;
  this.bodyBytes += chunk.length;
  if (this.bodyBytes > context.maxBodyBytes) {
    this.chunks = [];
    refuseTooLarge(context, this, this.response as ServerResponse);
    return;
  }
  this.chunks.push(chunk);
}

function onEnd(this: MockHttpRequest): void {
  if (this.refused) return;
  const context = this.context as HttpServerContext;
  const res = this.response as ServerResponse;
  const { chunks } = this;
  const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.bodyBytes);
  this.chunks = [];
  const text = decodeUtf8(bytes);
  if (!text.ok) {
    sendError(res, 400, 'The request body is not valid UTF-8: send JSON encoded as UTF-8.');
    return;
  }
  (this.onBody as BodyHandler)(context, this, res, text.value);
}

/** The client went away mid-body: nothing to answer, and nothing kept. */
function onError(this: MockHttpRequest): void {
  this.refused = true;
  this.chunks = [];
}

function refuseTooLarge(context: HttpServerContext, req: MockHttpRequest, res: ServerResponse): void {
  req.refused = true;
  // 413 with a Shopify-shaped body (SHOPIFY.md, "Errors": `{"errors": "..."}`); Shopify's own limit is
  // not published, so `maxBodyBytes` is a guess and a setting.
  const message = `Request body exceeds the limit of ${context.maxBodyBytes} bytes.`;
  sendError(res, 413, message, true);
}
