export type { Clock, Gate, GateResult } from './clock.js';
export { startDeadline, type Deadline } from './deadline.js';
export { FunnelstormError, isFunnelstormError, type FunnelstormErrorCode } from './errors.js';
export type { Random } from './random.js';
export { ok, fail, type Result } from './result.js';
export { createRandom } from './seeded-random.js';
export { createFetchTransport, type FetchTransportOptions } from './fetch-transport.js';
export { systemClock } from './system-clock.js';
export type { JsonBody } from './json-body.js';
export { requestBody, responseJson } from './json-response.js';
export {
  compose,
  headerValue,
  type Dispatch,
  type DispatchOptions,
  type DispatchResult,
  type HttpRequest,
  type HttpResponse,
  type Interceptor,
  type NetworkError,
  type NetworkErrorKind,
} from './transport.js';
