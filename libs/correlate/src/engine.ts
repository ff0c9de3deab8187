/**
 * The Alertmanager-equivalent core in one object, for the service to drive: alerts in
 * (`postAlerts` / `ingest`), time in (`advance` at `nextDueMillis`), silences, hot reload
 * that keeps every alert and the notification log (so nothing is re-notified), listings for
 * the API, and a JSON snapshot of the state that is not behind a port.
 */
import type { Alert, AlertStatus, PostableAlert } from './alerts/alert';
import { acceptPostedAlert, alertFingerprint, isResolvedAt } from './alerts/alert';
import { AlertStore } from './alerts/alert-store';
import type { AlertMarks, AlertState } from './alerts/marker';
import { AlertMarker } from './alerts/marker';
import type { AlertmanagerConfig } from './config/config.types';
import type { DispatcherSnapshot, FlushReport, GroupView } from './dispatch/dispatcher';
import { Dispatcher } from './dispatch/dispatcher';
import type { NotificationClaims } from './nflog/notification-claims';
import type { NotificationLog } from './nflog/notification-log';
import type { NotifierRegistry } from './pipeline/build-pipeline';
import { buildPipeline } from './pipeline/build-pipeline';
import { Inhibitor } from './pipeline/inhibitor';
import type { RetryPolicy, Sleep } from './pipeline/retry-stage';
import { DEFAULT_RETRY_POLICY } from './pipeline/retry-stage';
import type { Route } from './routing/route';
import { buildRouteTree, matchRoutes } from './routing/route';
import type { SilenceStore } from './silences/silence-store';
import { Silences } from './silences/silence-store';

export interface EngineDeps {
  readonly notifiers: NotifierRegistry;
  readonly nflog: NotificationLog;
  readonly silenceStore: SilenceStore;
  /** Id generator for new silences (UUIDs in the service, a counter in tests). */
  readonly newSilenceId: () => string;
  /** Waits between delivery retries. */
  readonly sleep: Sleep;
  readonly retryPolicy?: RetryPolicy;
  /** Claims shared by replicas, for once-only delivery (omit with a single replica). */
  readonly claims?: NotificationClaims;
  readonly maintenanceIntervalMillis?: number;
}

export interface PostResult {
  readonly accepted: readonly Alert[];
  /** Alertmanager answers 400 listing these, but still keeps the valid alerts. */
  readonly rejected: readonly { readonly index: number; readonly reason: string }[];
}

/** An alert as `GET /api/v2/alerts` describes it. */
export interface AlertView {
  readonly alert: Alert;
  readonly fingerprint: string;
  readonly status: AlertStatus;
  readonly state: AlertState;
  readonly silencedBy: readonly string[];
  readonly inhibitedBy: readonly string[];
  readonly receivers: readonly string[];
}

export interface EngineSnapshot {
  readonly alerts: readonly Alert[];
  readonly marks: Readonly<Record<string, AlertMarks>>;
  readonly dispatcher: DispatcherSnapshot;
}

export class AlertmanagerEngine {
  readonly silences: Silences;
  private alerts = new AlertStore();
  private marker = new AlertMarker();
  private route!: Route;
  private inhibitor!: Inhibitor;
  private dispatcher!: Dispatcher;

  constructor(
    private config: AlertmanagerConfig,
    private readonly deps: EngineDeps,
    startMillis: number,
  ) {
    this.silences = new Silences(deps.silenceStore, deps.newSilenceId);
    this.wire(startMillis);
  }

  get currentConfig(): AlertmanagerConfig {
    return this.config;
  }

  private wire(nowMillis: number): void {
    this.route = buildRouteTree(this.config.route);
    this.inhibitor = new Inhibitor(this.config.inhibitRules);
    const pipeline = buildPipeline({
      receivers: this.config.receivers,
      inhibitor: this.inhibitor,
      marker: this.marker,
      silences: this.silences,
      nflog: this.deps.nflog,
      notifiers: this.deps.notifiers,
      retryPolicy: this.deps.retryPolicy ?? DEFAULT_RETRY_POLICY,
      sleep: this.deps.sleep,
      claims: this.deps.claims,
    });
    this.dispatcher = new Dispatcher(this.route, pipeline, nowMillis, { maintenanceIntervalMillis: this.deps.maintenanceIntervalMillis });
  }

  /** `POST /api/v2/alerts`: defaults and validation as Alertmanager applies them. */
  postAlerts(posted: readonly PostableAlert[], nowMillis: number): PostResult {
    const accepted: Alert[] = [];
    const rejected: { index: number; reason: string }[] = [];
    posted.forEach((p, index) => {
      try {
        accepted.push(this.ingest(acceptPostedAlert(p, nowMillis, this.config.resolveTimeoutMillis), nowMillis));
      } catch (error) {
        rejected.push({ index, reason: (error as Error).message });
      }
    });
    return { accepted, rejected };
  }

  /** Takes an already-normalised alert (e.g. from `vigil.alerts.v1`); returns it as stored. */
  ingest(alert: Alert, nowMillis: number): Alert {
    const stored = this.alerts.put(alert, nowMillis);
    this.inhibitor.observe(stored);
    this.dispatcher.insert(stored, nowMillis);
    return stored;
  }

  nextDueMillis(): number {
    return this.dispatcher.nextDueMillis();
  }

  /** Flushes due groups through the pipeline; see `Dispatcher.advance`. */
  advance(nowMillis: number): Promise<FlushReport[]> {
    return this.dispatcher.advance(nowMillis);
  }

  /**
   * Hot reload: a new routing tree, inhibitor and pipeline; every known alert is dispatched
   * again (old alerts flush at once, as their group_wait is over) and the notification log
   * decides, so receivers hear nothing they already know.
   */
  reload(config: AlertmanagerConfig, nowMillis: number): void {
    this.config = config;
    this.wire(nowMillis);
    for (const alert of this.alerts.list()) {
      this.inhibitor.observe(alert);
      this.dispatcher.insert(alert, nowMillis);
    }
  }

  /** Drops resolved alerts and old silences (Alertmanager runs this every 30 minutes). */
  async collectGarbage(nowMillis: number): Promise<void> {
    for (const fp of this.alerts.collectGarbage(nowMillis)) {
      this.inhibitor.forget(fp);
      this.marker.delete(fp);
    }
    await this.silences.collectGarbage(nowMillis);
  }

  listAlerts(nowMillis: number): AlertView[] {
    return this.alerts.list().map((alert) => {
      const fp = alertFingerprint(alert);
      const marks = this.marker.marksOf(fp);
      const receivers = [...new Set(matchRoutes(this.route, alert.labels).map((r) => r.options.receiver))].sort();
      return {
        alert, fingerprint: fp, status: isResolvedAt(alert, nowMillis) ? 'resolved' : 'firing',
        state: this.marker.stateOf(fp), silencedBy: marks?.silencedBy ?? [], inhibitedBy: marks?.inhibitedBy ?? [], receivers,
      };
    });
  }

  listGroups(): GroupView[] {
    return this.dispatcher.listGroups();
  }

  snapshot(): EngineSnapshot {
    return { alerts: this.alerts.snapshot(), marks: this.marker.snapshot(), dispatcher: this.dispatcher.snapshot() };
  }

  /** Restores a snapshot taken with the same or an older config; groups resume their timers. */
  restore(snapshot: EngineSnapshot): void {
    this.alerts = AlertStore.restore(snapshot.alerts);
    this.marker = AlertMarker.restore(snapshot.marks);
    const start = snapshot.dispatcher.nextMaintenanceAtMillis;
    this.wire(start);
    for (const alert of this.alerts.list()) this.inhibitor.observe(alert);
    this.dispatcher.restore(snapshot.dispatcher);
  }
}
