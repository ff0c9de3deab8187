import { Counter, Gauge, type Registry } from 'prom-client';

/** Get-or-create: several replicas in one process (tests) share one registry. */
function shared<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** alert-correlator's own metrics on /metrics. Labels are receiver integrations and outcomes, never tenants' label values. */
export class CorrelatorMetrics {
  readonly alertsIngested: Counter;
  readonly alertsDeadLettered: Counter;
  readonly notifications: Counter;
  readonly tenants: Gauge;

  constructor(registry: Registry) {
    this.alertsIngested = shared(registry, 'vigil_alert_correlator_alerts_ingested_total', () =>
      new Counter({ name: 'vigil_alert_correlator_alerts_ingested_total', help: 'Alerts taken from vigil.alerts.v1 into an engine.', registers: [registry] }));
    this.alertsDeadLettered = shared(registry, 'vigil_alert_correlator_alerts_dead_lettered_total', () =>
      new Counter({ name: 'vigil_alert_correlator_alerts_dead_lettered_total', help: 'Alerts from vigil.alerts.v1 the engine could not take, sent to vigil.deadletter.v1.', registers: [registry] }));
    this.notifications = shared(registry, 'vigil_alert_correlator_notifications_total', () =>
      new Counter({
        name: 'vigil_alert_correlator_notifications_total',
        help: 'Notifications by integration kind and outcome (sent, dead_letter).',
        labelNames: ['integration', 'outcome'],
        registers: [registry],
      }));
    this.tenants = shared(registry, 'vigil_alert_correlator_tenants', () =>
      new Gauge({ name: 'vigil_alert_correlator_tenants', help: 'Tenants with an engine in this replica.', registers: [registry] }));
  }
}
