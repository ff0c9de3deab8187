import type { BusPublisher } from '@vigil/bus';
import { FeedbackKind, FeedbackTarget, TOPICS, createPayload, encodePayload, type Feedback } from '@vigil/contracts';
import { applyInsightFeedback, insightId, type FeedbackKind as LibFeedbackKind } from '@vigil/insight';
import type { EventsRepository } from '@vigil/store';
import type { IncidentAnalysis } from './incident-analysis';
import type { InsightBook } from './insight-book';
import type { InsightSourcesRepository } from './insight-sources.repository';

/** Suffix of the series feedback this engine derives, so it does not act on its own echo. */
export const DERIVED_SERIES_SUFFIX = '~series';

const KIND: Partial<Record<FeedbackKind, LibFeedbackKind>> = {
  [FeedbackKind.USEFUL]: 'useful',
  [FeedbackKind.FALSE_POSITIVE]: 'false_positive',
  [FeedbackKind.ACKNOWLEDGED]: 'acknowledged',
};

/**
 * What a click does (decision 145). Every feedback is stored (`feedback`, folded by id, so
 * dashboard-api's own insert and ours are one row). On an insight: status and confidence change
 * (`applyInsightFeedback`), republished. A useful/false-positive verdict on an ANOMALY insight is
 * turned into feedback on its SERIES (target id = fingerprint hex, the Kafka key of that series)
 * for anomaly-detector; feedback on one anomaly already reaches it as is and only updates the
 * series' insight here. Notes on an incident or its insight become resolution
 * notes in the knowledge base.
 */
export class FeedbackLoop {
  constructor(
    private readonly events: EventsRepository,
    private readonly book: InsightBook,
    private readonly incidents: IncidentAnalysis,
    private readonly sources: InsightSourcesRepository,
    private readonly publisher: BusPublisher,
  ) {}

  async handle(feedback: readonly Feedback[]): Promise<void> {
    await this.events.insertFeedback(feedback);
    for (const f of feedback) await this.apply(f);
  }

  private async apply(f: Feedback): Promise<void> {
    const kind = KIND[f.kind];
    const note = f.note.trim();
    switch (f.target) {
      case FeedbackTarget.INSIGHT: {
        const insight = await this.book.get(f.tenant, f.targetId);
        if (!insight) return;
        if (kind) await this.book.amend(f.tenant, insight.id, (i) => applyInsightFeedback(i, { kind, targetId: i.id, targetType: 'insight', atMillis: f.atUnixMs, notes: note }));
        if (insight.type === 'ANOMALY' && insight.subject.startsWith('series:')) await this.toSeries(f, insight.subject.slice('series:'.length));
        if (note && insight.subject.startsWith('incident:')) await this.incidents.addResolution(f.tenant, insight.subject.slice('incident:'.length), note);
        return;
      }
      case FeedbackTarget.INCIDENT:
        if (note) await this.incidents.addResolution(f.tenant, f.targetId, note);
        return;
      case FeedbackTarget.ANOMALY: {
        // anomaly-detector reads the series out of an anomaly id itself: no forwarding, or it would count twice.
        const series = await this.sources.seriesOfAnomaly(f.tenant, f.targetId);
        if (series) await this.amendSeriesInsight(f, series);
        return;
      }
      case FeedbackTarget.SERIES:
        if (!f.id.endsWith(DERIVED_SERIES_SUFFIX)) await this.amendSeriesInsight(f, f.targetId);
        return;
      default:
        return;
    }
  }

  /** The series' ANOMALY insight follows feedback given on the series or one of its anomalies. */
  private async amendSeriesInsight(f: Feedback, seriesHex: string): Promise<void> {
    const kind = KIND[f.kind];
    if (!kind) return;
    const id = insightId('ANOMALY', `series:${seriesHex}`);
    await this.book.amend(f.tenant, id, (i) => applyInsightFeedback(i, { kind, targetId: seriesHex, targetType: 'anomaly', atMillis: f.atUnixMs }));
  }

  /** Publishes the verdict as feedback on the series, which anomaly-detector consumes. */
  private async toSeries(f: Feedback, seriesHex: string): Promise<void> {
    if (f.kind !== FeedbackKind.FALSE_POSITIVE && f.kind !== FeedbackKind.USEFUL) return;
    const derived = createPayload(TOPICS.feedback, {
      id: `${f.id}${DERIVED_SERIES_SUFFIX}`,
      tenant: f.tenant,
      target: FeedbackTarget.SERIES,
      targetId: seriesHex,
      kind: f.kind,
      note: f.note,
      user: f.user,
      atUnixMs: f.atUnixMs,
    });
    await this.publisher.publish(TOPICS.feedback, [{ key: seriesHex, value: encodePayload(TOPICS.feedback, derived) }]);
  }
}
