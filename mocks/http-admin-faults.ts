import { isFunnelstormError } from '../runtime/errors.js';
import type { HttpResponse } from '../runtime/transport.js';
import { parseFaultPlan } from './faults/parse-fault-plan.js';
import { jsonResponse } from './shopify-responses.js';
import type { ShopifyService } from './shopify-service.js';

/** How `PUT /__admin/faults` names the posted plan in error messages. */
const source = 'PUT /__admin/faults';

/**
 * `GET|PUT|DELETE /__admin/faults`: read the plan in force and what it did, replace it, or remove it.
 * A posted plan is YAML or JSON. Its windows count from the moment it is put (Toxiproxy-style), or from
 * the server's start with `?origin=start`. A bad plan gets 400 with the field path and changes nothing.
 *
 * @param nowMs - Ms since the server started.
 */
export function faultsAnswer(
  service: ShopifyService,
  method: 'GET' | 'PUT' | 'DELETE',
  body: string | undefined,
  query: URLSearchParams,
  nowMs: number,
): HttpResponse {
  if (method === 'DELETE') service.setFaultPlan(undefined, nowMs);
  if (method === 'PUT') {
    const origin = query.get('origin') ?? 'now';
    if (origin !== 'now' && origin !== 'start') {
      return jsonResponse(400, { errors: `origin must be now or start (got ${JSON.stringify(origin)})` });
    }
    try {
      service.setFaultPlan(parseFaultPlan(body ?? '', source), nowMs, origin === 'now' ? nowMs : 0);
    } catch (error) {
      if (isFunnelstormError(error, 'SCENARIO_INVALID')) return jsonResponse(400, { errors: error.message });
      throw error;
    }
  }
  return jsonResponse(200, { plan: service.faultPlan, stats: service.faultStats() });
}
