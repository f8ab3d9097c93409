/** A route's answer before the model adds its common headers: status, a JSON-able body, and extras. */
export interface RouteAnswer {
  status: number;
  /** A string is sent as is; anything else is JSON-stringified. */
  body: unknown;
  /** Headers the route adds, lower-case (e.g. `link` on a paginated list). */
  headers?: Record<string, string>;
  /**
   * The positions of the shop's orders this request touched (created, read or found), for the request
   * log: one position as a bare number, several as an array.
   */
  touched?: number | readonly number[];
  /**
   * True when `body` is built only of plain JSON data by the mock's own JSON builders (an order's, a
   * metafield's): the model hands it over without checking it (runtime/json-body.ts, `JsonBody.ofPlain`).
   */
  plainBody?: boolean;
}
