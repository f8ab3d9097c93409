import type { CapturedResponse } from '../bare-order-server.js';

/**
 * A small OpenAPI 3.0 document for Prism with one operation: `POST path`, a JSON object body, and the
 * captured answer as the response's example (Prism serves examples statically by default). The response
 * headers are declared with the captured values as examples; `content-type` comes from the media type.
 */
export function prismOpenApi(path: string, response: CapturedResponse): object {
  const headers = Object.fromEntries(
    Object.entries(response.headers)
      .filter(([name]) => name !== 'content-type')
      .map(([name, value]) => [name, { schema: { type: 'string' }, example: value }]),
  );
  return {
    openapi: '3.0.3',
    info: { title: 'funnelstorm bench: Shopify order create', version: '2026-01' },
    paths: {
      [path]: {
        post: {
          operationId: 'createOrder',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          responses: {
            [String(response.status)]: {
              description: 'The created order',
              headers,
              content: { 'application/json': { schema: { type: 'object' }, example: response.body } },
            },
          },
        },
      },
    },
  };
}
