import type { CapturedResponse } from '../bare-order-server.js';

/**
 * A Mockoon environment (data file format of @mockoon/cli 9, migration 33) with one route: `POST` on
 * `path` answering the captured status, headers and body. Templating and CORS are off, so Mockoon does the
 * least work it can for a static answer — the peer's best case.
 */
export function mockoonEnvironment(path: string, response: CapturedResponse, port: number): object {
  const routeId = 'c0ffee00-0000-4000-8000-000000000001';
  return {
    uuid: 'c0ffee00-0000-4000-8000-000000000000',
    lastMigration: 33,
    name: 'funnelstorm bench',
    endpointPrefix: '',
    latency: 0,
    port,
    hostname: '127.0.0.1',
    folders: [],
    routes: [
      {
        uuid: routeId,
        type: 'http',
        documentation: 'Shopify REST order create, as the funnelstorm mock answers it',
        method: 'post',
        endpoint: path.replace(/^\//, ''),
        responses: [
          {
            uuid: 'c0ffee00-0000-4000-8000-000000000002',
            body: JSON.stringify(response.body),
            latency: 0,
            statusCode: response.status,
            label: '',
            headers: Object.entries(response.headers).map(([key, value]) => ({ key, value })),
            bodyType: 'INLINE',
            filePath: '',
            databucketID: '',
            sendFileAsBody: false,
            rules: [],
            rulesOperator: 'OR',
            disableTemplating: true,
            fallbackTo404: false,
            default: true,
            crudKey: 'id',
            callbacks: [],
          },
        ],
        responseMode: null,
        streamingMode: null,
        streamingInterval: 0,
      },
    ],
    rootChildren: [{ type: 'route', uuid: routeId }],
    proxyMode: false,
    proxyHost: '',
    proxyRemovePrefix: false,
    tlsOptions: {
      enabled: false,
      type: 'CERT',
      pfxPath: '',
      certPath: '',
      keyPath: '',
      caPath: '',
      passphrase: '',
    },
    cors: false,
    headers: [],
    proxyReqHeaders: [],
    proxyResHeaders: [],
    data: [],
    callbacks: [],
  };
}
