import { kinds, types, type HistoryColumns } from './history-columns.js';
import type { HistoryOperation, HistoryOperations, OperationKind, OperationType } from './history.js';

/**
 * A reader of `history`'s operations by row (0 … length − 1) that may give the same object for every row:
 * for a pass that keeps no operation it reads (it keeps rows, and reads them back with `history.at`). On a
 * recorder's history it is one view moved from row to row — no object per row and pass (issue 12: the
 * checkers walk the history several times at the run's end); on any other, the history's own `at`.
 *
 * @example
 * const read = operationReader(history);
 * for (let row = 0; row < history.length; row++) if (read(row).status === 429) throttled++;
 */
export function operationReader(history: HistoryOperations): (row: number) => HistoryOperation {
  if (history instanceof OperationRows) {
    const view = new OperationRow(history.columns, 0);
    return (row) => {
      view.index = row;
      return view;
    };
  }
  return (row) => history.at(row) as HistoryOperation;
}

/** The operations of {@link HistoryColumns} as {@link HistoryOperations}: a fresh view per row read. */
export class OperationRows implements HistoryOperations {
  constructor(readonly columns: HistoryColumns) {}

  get length(): number {
    return this.columns.length;
  }

  at(row: number): HistoryOperation | undefined {
    return row >= 0 && row < this.columns.length ? new OperationRow(this.columns, row) : undefined;
  }

  *[Symbol.iterator](): Generator<HistoryOperation, void, undefined> {
    for (let row = 0; row < this.columns.length; row++) yield new OperationRow(this.columns, row);
  }
}

const present = (value: number): number | undefined => (Number.isNaN(value) ? undefined : value);

/**
 * A {@link HistoryOperation} read from its row of {@link HistoryColumns}: the object holds its row number
 * only, and every field is a getter.
 */
export class OperationRow implements HistoryOperation {
  constructor(
    private readonly columns: HistoryColumns,
    public index: number,
  ) {}

  get kind(): OperationKind {
    return kinds[this.columns.kind.get(this.index)] as OperationKind;
  }
  get sourceOrderId(): string | undefined {
    return this.columns.sourceOrderId(this.index);
  }
  get customerId(): string | undefined {
    return this.columns.customerId(this.index);
  }
  get fencingToken(): number | undefined {
    return present(this.columns.fencingToken.get(this.index));
  }
  get invokeMs(): number {
    return this.columns.invokeMs.get(this.index);
  }
  get shopMs(): number | undefined {
    return present(this.columns.shopMs.get(this.index));
  }
  get applied(): boolean {
    return this.columns.applied.get(this.index) === 1;
  }
  get completeMs(): number | undefined {
    return present(this.columns.completeMs.get(this.index));
  }
  get type(): OperationType | undefined {
    return types[this.columns.type.get(this.index)];
  }
  get status(): number | undefined {
    const status = this.columns.status.get(this.index);
    return status === 0 ? undefined : status;
  }
}
