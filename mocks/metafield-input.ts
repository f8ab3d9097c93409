import type { JsonBody } from '../runtime/json-body.js';
import { handedValue } from '../runtime/json-response.js';
import { fail, ok, type Result } from '../runtime/result.js';
import { isRecord } from './is-record.js';
import type { MetafieldWrite } from './metafield-store.js';

/**
 * The metafield types the mock takes (a subset of Shopify's supported types,
 * shopify.dev/docs/apps/build/custom-data/metafields/list-of-data-types) and how each value is checked.
 */
const valueRules: Record<string, (value: string) => boolean> = {
  single_line_text_field: (value) => !value.includes('\n'),
  multi_line_text_field: () => true,
  number_integer: (value) => /^-?\d{1,15}$/.test(value),
  number_decimal: (value) => /^-?\d{1,15}(?:\.\d{1,9})?$/.test(value),
  boolean: (value) => value === 'true' || value === 'false',
  json: (value) => {
    try {
      JSON.parse(value);
      return true;
    } catch {
      return false;
    }
  },
};

/** The metafield types the mock takes, for messages. */
export const metafieldTypes: readonly string[] = Object.keys(valueRules);

/**
 * The most characters a metafield value may have: 64 KB for most types, 128 KB for `json` (API 2026-04 on;
 * apps from before keep 2 MB), shopify.dev/docs/apps/build/metafields/metafield-limits. Counted in UTF-16
 * code units, a close stand-in for Shopify's bytes.
 */
export const maxMetafieldValueChars = 65_536;
/** The `json` type's limit (see {@link maxMetafieldValueChars}). */
export const maxJsonMetafieldValueChars = 131_072;

/** Key 2–64, namespace 3–255 characters: alphanumerics, hyphens, underscores (doc: MetafieldsSetInput). */
const keyPattern = /^[A-Za-z0-9_-]{2,64}$/;
const namespacePattern = /^[A-Za-z0-9_-]{3,255}$/;

/**
 * Checks one metafield write, field by field; every problem is named under its field, as Shopify's REST
 * 422 names them (`{"errors": {"key": ["..."]}}`; texts are not published, they follow Rails). The
 * GraphQL face reports the same problems as `metafieldsSet` user errors.
 *
 * @param value - The value: a string, or (REST only, as Shopify's REST also accepts) a number or boolean,
 *   stored as its text.
 */
export function checkMetafieldWrite(fields: {
  namespace: unknown;
  key: unknown;
  value: unknown;
  type: unknown;
}): Result<MetafieldWrite, Record<string, string[]>> {
  // Made at the first problem: a valid write (every loyalty write) allocates no errors object.
  let errors: Record<string, string[]> | undefined;
  const { namespace, key, type } = fields;
  const value =
    typeof fields.value === 'number' || typeof fields.value === 'boolean'
      ? String(fields.value)
      : fields.value;
  if (typeof namespace !== 'string' || !namespacePattern.test(namespace)) {
    (errors ??= {})['namespace'] = [
      'must be 3-255 characters long and contain only alphanumerics, hyphens and underscores',
    ];
  }
  if (typeof key !== 'string' || !keyPattern.test(key)) {
    (errors ??= {})['key'] = [
      'must be 2-64 characters long and contain only alphanumerics, hyphens and underscores',
    ];
  }
  const rule = typeof type === 'string' ? valueRules[type] : undefined;
  if (rule === undefined) {
    (errors ??= {})['type'] = [`must be one of ${metafieldTypes.join(', ')}`];
  }
  const maxChars = type === 'json' ? maxJsonMetafieldValueChars : maxMetafieldValueChars;
  if (typeof value !== 'string') (errors ??= {})['value'] = ["can't be blank"];
  else if (value.length > maxChars) {
    (errors ??= {})['value'] = [`is too long (maximum is ${maxChars} characters for ${String(type)})`];
  } else if (rule !== undefined && !rule(value))
    (errors ??= {})['value'] = [`is invalid for type ${String(type)}`];
  if (errors !== undefined) return fail(errors);
  return ok({ namespace, key, value, type } as MetafieldWrite);
}

/** Why a REST metafield body could not be read: the status and the REST `errors` value. */
export interface MetafieldBodyProblem {
  status: 400 | 422;
  errors: string | Record<string, string[]>;
}

/**
 * Reads the body of `POST …/metafields.json` or `PUT …/metafields/{id}.json`: `{"metafield": {namespace,
 * key, value, type}}`. Not JSON → 400; no `metafield` object → 400 (Rails' wording); bad fields → 422.
 * On an update, namespace and key may be left out (`partial`): the existing ones stay. With `bodyValue`
 * whose text is `body` (json-response.ts), that value is read instead of a parse of `body`.
 */
export function parseMetafieldBody(
  body: string | undefined,
  partial?: { namespace: string; key: string; type: string },
  bodyValue?: JsonBody,
): Result<MetafieldWrite, MetafieldBodyProblem> {
  let parsed: unknown = handedValue(bodyValue, body);
  if (parsed === undefined) {
    try {
      parsed = JSON.parse(body ?? '');
    } catch {
      return fail({ status: 400, errors: 'Request body is not valid JSON: send {"metafield": {...}}' });
    }
  }
  const metafield = isRecord(parsed) ? parsed['metafield'] : undefined;
  if (!isRecord(metafield)) {
    return fail({ status: 400, errors: { metafield: ['Required parameter missing or invalid'] } });
  }
  const checked = checkMetafieldWrite({
    namespace: metafield['namespace'] ?? partial?.namespace,
    key: metafield['key'] ?? partial?.key,
    value: metafield['value'],
    type: metafield['type'] ?? partial?.type,
  });
  return checked.ok ? checked : fail({ status: 422, errors: checked.reason });
}
