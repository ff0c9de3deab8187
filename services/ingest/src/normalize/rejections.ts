/**
 * Why a point, span or log record was refused. The reason is a metric label and part of the
 * 4xx / partial-success message, so the set is closed and the names are stable.
 */
export type RejectReason =
  | 'non_finite_value'
  | 'label_value_too_long'
  | 'label_name_too_long'
  | 'invalid_label_name'
  | 'too_many_labels'
  | 'missing_metric_name'
  | 'timestamp_too_old'
  | 'timestamp_in_future'
  | 'invalid_histogram'
  | 'unsupported_metric_type'
  | 'invalid_trace_id'
  | 'invalid_span_id'
  | 'invalid_span_timing'
  | 'series_limit_exceeded';

/** Counts refusals by reason for one request and keeps the first example of each. */
export class Rejections {
  private readonly counts = new Map<RejectReason, number>();
  private readonly examples = new Map<RejectReason, string>();
  private totalCount = 0;

  add(reason: RejectReason, example: string, count = 1): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + count);
    if (!this.examples.has(reason)) this.examples.set(reason, example);
    this.totalCount += count;
  }

  get total(): number {
    return this.totalCount;
  }

  byReason(): ReadonlyMap<RejectReason, number> {
    return this.counts;
  }

  /** One line naming every reason with its count and first example, for humans. */
  message(): string {
    return [...this.counts]
      .map(([reason, count]) => `${count} rejected (${reason}): ${this.examples.get(reason)}`)
      .join('; ');
  }
}
