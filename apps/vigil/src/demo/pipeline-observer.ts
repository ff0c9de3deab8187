import type { Bus, BusConsumer } from '@vigil/bus';
import { AlertStatus, IncidentStatus, TOPICS, decodePayload, type Alert, type Anomaly, type Incident, type Insight } from '@vigil/contracts';

/** What the observer was told, as it happened. */
export interface PipelineListener {
  onAnomaly?(anomaly: Anomaly): void;
  onAlert?(alert: Alert): void;
  onIncident?(incident: Incident): void;
  onInsight?(insight: Insight): void;
}

export interface PipelineCounts {
  anomalies: number;
  forecasts: number;
  alertsFiring: number;
  incidentsOpened: number;
  insights: number;
}

/**
 * Watches Vigil's derived topics (anomalies, forecasts, alerts, incidents, insights) as one more
 * consumer group on the runtime's bus — the way dashboard-api does — for the demo's console and
 * the scenario suite. It keeps the latest state of every alert and incident.
 */
export class PipelineObserver {
  readonly counts: PipelineCounts = { anomalies: 0, forecasts: 0, alertsFiring: 0, incidentsOpened: 0, insights: 0 };
  /** Latest state of each alert, by fingerprint. */
  readonly alerts = new Map<string, Alert>();
  /** Latest revision of each incident, by id. */
  readonly incidents = new Map<string, Incident>();
  private consumer: BusConsumer | undefined;

  constructor(
    private readonly bus: Bus,
    private readonly groupId: string,
    private readonly listener: PipelineListener = {},
  ) {}

  async start(): Promise<void> {
    const handler = <T>(topic: (typeof TOPICS)[keyof typeof TOPICS], each: (value: T) => void) => ({
      topic,
      decode: (bytes: Uint8Array) => decodePayload(topic, bytes),
      handle: async (batch: { messages: readonly { value: unknown }[] }) => {
        for (const message of batch.messages) each(message.value as T);
      },
    });
    this.consumer = this.bus.consumer({
      groupId: this.groupId,
      // Only what happens from now on: a restarted demo should not replay yesterday's pages.
      startFrom: 'latest',
      handlers: [
        handler<Anomaly>(TOPICS.anomalies, (a) => {
          this.counts.anomalies++;
          this.listener.onAnomaly?.(a);
        }),
        handler<unknown>(TOPICS.forecasts, () => void this.counts.forecasts++),
        handler<Alert>(TOPICS.alerts, (a) => this.alert(a)),
        handler<Incident>(TOPICS.incidents, (i) => this.incident(i)),
        handler<Insight>(TOPICS.insights, (i) => {
          this.counts.insights++;
          this.listener.onInsight?.(i);
        }),
      ],
    });
    await this.consumer.start();
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  openIncidents(): Incident[] {
    return [...this.incidents.values()].filter((i) => i.status !== IncidentStatus.RESOLVED);
  }

  firingAlerts(): Alert[] {
    return [...this.alerts.values()].filter((a) => a.status === AlertStatus.FIRING);
  }

  private alert(alert: Alert): void {
    const previous = this.alerts.get(alert.fingerprint);
    if (previous && previous.updatedAtUnixMs > alert.updatedAtUnixMs) return;
    if (alert.status === AlertStatus.FIRING && previous?.status !== AlertStatus.FIRING) this.counts.alertsFiring++;
    this.alerts.set(alert.fingerprint, alert);
    this.listener.onAlert?.(alert);
  }

  private incident(incident: Incident): void {
    const previous = this.incidents.get(incident.id);
    if (previous && previous.revision >= incident.revision) return; // stale or repeated event
    if (!previous) this.counts.incidentsOpened++;
    this.incidents.set(incident.id, incident);
    this.listener.onIncident?.(incident);
  }
}
