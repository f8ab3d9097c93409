/**
 * The source order id an order create names in its body, as the shop stores it: the value of the note
 * attribute `attribute` (`order.note_attributes`, the attribute the audit matches orders by; mocks/
 * order-store.ts). Undefined when the body names none, or is not JSON.
 *
 * A create is read only this far because the history attributes it by what the shop records, not by the
 * pipeline's correlation header alone (issue 11): a pipeline that omits or mangles the header still has
 * its creates tied to their source orders. The reference's own body is matched first as text (one search,
 * no parse: this runs on every create of a million-order run); any other layout is parsed.
 *
 * @example
 * createSourceOrderId('{"order":{"note_attributes":[{"name":"source_order_id","value":"o-7"}]}}', 'source_order_id'); // 'o-7'
 */
export function createSourceOrderId(body: string | undefined, attribute: string): string | undefined {
  if (body === undefined || !body.includes(attribute)) return undefined;
  const prefix = namePrefix(attribute);
  const at = body.indexOf(prefix);
  if (at !== -1) {
    const from = at + prefix.length;
    const to = body.indexOf('"', from);
    const value = to === -1 ? undefined : body.slice(from, to);
    if (value !== undefined && !value.includes('\\')) return value;
  }
  return parsedSourceOrderId(body, attribute);
}

/**
 * The text the reference's body has before the attribute's value, made once per attribute name rather than
 * twice per create (a run names one attribute).
 */
function namePrefix(attribute: string): string {
  if (attribute !== lastAttribute) {
    lastAttribute = attribute;
    lastPrefix = `{"name":${JSON.stringify(attribute)},"value":"`;
  }
  return lastPrefix;
}

let lastAttribute: string | undefined;
let lastPrefix = '';

function parsedSourceOrderId(body: string, attribute: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const order = (parsed as { order?: { note_attributes?: unknown } } | null)?.order;
  const attributes = order?.note_attributes;
  if (!Array.isArray(attributes)) return undefined;
  for (const item of attributes as unknown[]) {
    if (item === null || typeof item !== 'object') continue;
    const { name, value } = item as { name?: unknown; value?: unknown };
    if (name === attribute && (typeof value === 'string' || typeof value === 'number')) return String(value);
  }
  return undefined;
}
