import { SourceIdSet } from '../mocks/source-id-set.js';

/**
 * The source orders that have ended, counted once each (`size`): a {@link SourceIdSet}, a bit per order
 * number for `so-…` ids (issue 12: an eighth of a byte an order instead of a Set entry).
 */
export class EndedOrders extends SourceIdSet {}
