import { documentInvalid } from '../runtime/document-invalid.js';
import { isFunnelstormError } from '../runtime/errors.js';
import { readStructuredText } from '../runtime/read-structured-text.js';
import type { HttpResponse } from '../runtime/transport.js';
import type { AdminBodyFormat } from './admin-guard.js';
import { planSizeProblem } from './faults/check-plan-size.js';
import type { FaultPlan } from './faults/fault-plan.js';
import { validateFaultPlan } from './faults/parse-fault-plan.js';
import { readBoundedYaml } from './faults/read-bounded-yaml.js';
import { jsonResponse } from './shopify-responses.js';
import type { ShopifyService } from './shopify-service.js';

/** How `PUT /__admin/faults` names the posted plan in error messages. */
const source = 'PUT /__admin/faults';

/**
 * `GET|PUT|DELETE /__admin/faults`: read the plan in force and what it did, replace it, or remove it.
 * A posted plan is JSON, or YAML when the request says so by its Content-Type (admin-guard.ts; YAML is
 * read within bounds, read-bounded-yaml.ts). Its windows count from the moment it is put
 * (Toxiproxy-style), or from the server's start with `?origin=start`. A bad plan gets 400 with the field
 * path and changes nothing.
 *
 * @param nowMs - Ms since the server started.
 * @param format - How to read a PUT's body. Defaults to JSON.
 */
export function faultsAnswer(
  service: ShopifyService,
  method: 'GET' | 'PUT' | 'DELETE',
  body: string | undefined,
  query: URLSearchParams,
  nowMs: number,
  format: AdminBodyFormat = 'json',
): HttpResponse {
  if (method === 'DELETE') service.setFaultPlan(undefined, nowMs);
  if (method === 'PUT') {
    const origin = query.get('origin') ?? 'now';
    if (origin !== 'now' && origin !== 'start') {
      return jsonResponse(400, { errors: `origin must be now or start (got ${JSON.stringify(origin)})` });
    }
    try {
      service.setFaultPlan(readPlan(body ?? '', format), nowMs, origin === 'now' ? nowMs : 0);
    } catch (error) {
      if (isFunnelstormError(error, 'SCENARIO_INVALID')) return jsonResponse(400, { errors: error.message });
      throw error;
    }
  }
  return jsonResponse(200, { plan: service.faultPlan, stats: service.faultStats() });
}

/** The posted plan: an empty body is no rules; a syntax error or a wrong field throws `SCENARIO_INVALID`. */
function readPlan(text: string, format: AdminBodyFormat): FaultPlan {
  if (text.trim() === '') return { rules: [] };
  const parsed = format === 'yaml' ? readBoundedYaml(text) : readStructuredText(text, 'json');
  if (!parsed.ok) throw documentInvalid('fault plan', source, parsed.reason);
  const tooLarge = planSizeProblem(parsed.value);
  if (tooLarge !== undefined) throw documentInvalid('fault plan', source, [tooLarge]);
  return validateFaultPlan(parsed.value ?? {}, source);
}
