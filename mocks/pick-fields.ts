/**
 * Keeps only the comma-separated top-level `fields` of a resource, as Shopify's `fields` parameter does
 * (doc: "A comma-separated list of which fields to show in the results"). No `fields`, or an empty one,
 * keeps everything.
 */
export function pickFields(resource: object | undefined, fields: string | null): unknown {
  if (resource === undefined || fields === null || fields.trim() === '') return resource;
  const wanted = new Set(fields.split(',').map((field) => field.trim()));
  return Object.fromEntries(Object.entries(resource).filter(([key]) => wanted.has(key)));
}
