/**
 * Runs a scenario through the pure engine on a simulated clock: actions and group timers are
 * processed in time order (an action first when both fall on the same instant), and every
 * webhook notification becomes a tuple.
 */
import { statusAt } from '../alerts/alert';
import { alertFingerprint } from '../alerts/alert';
import { loadAlertmanagerConfig } from '../config/load';
import { AlertmanagerEngine } from '../engine';
import { InMemoryNotificationLog } from '../nflog/notification-log';
import type { Notification, Notifier, NotifyResult } from '../pipeline/notifier';
import { InMemorySilenceStore } from '../silences/silence-store';
import type { NotificationTuple, Scenario } from './scenario';
import { scenarioActions, sortTuples, tickOf } from './scenario';

/** Any fixed origin works; this one keeps timestamps readable. */
export const SIMULATION_T0_MILLIS = Date.UTC(2026, 0, 1);

class TupleNotifier implements Notifier {
  readonly tuples: NotificationTuple[] = [];
  constructor(
    private readonly t0Millis: number,
    private readonly tickMillis: number,
  ) {}

  async send(n: Notification): Promise<NotifyResult> {
    const alerts = n.alerts.map((a) => `${alertFingerprint(a)}:${statusAt(a, n.nowMillis)}`).sort();
    this.tuples.push({
      tick: tickOf(n.nowMillis, this.t0Millis, this.tickMillis),
      receiver: n.receiver,
      groupKey: n.groupKey,
      status: n.alerts.some((a) => statusAt(a, n.nowMillis) === 'firing') ? 'firing' : 'resolved',
      alerts,
    });
    return { ok: true };
  }
}

export async function simulateScenario(scenario: Scenario): Promise<NotificationTuple[]> {
  const t0 = SIMULATION_T0_MILLIS;
  const config = loadAlertmanagerConfig(scenario.config);
  const notifier = new TupleNotifier(t0, scenario.tickMillis);
  let silenceCounter = 0;
  const engine = new AlertmanagerEngine(
    config,
    {
      notifiers: { slack: notifier, pagerduty: notifier, email: notifier, webhook: notifier },
      nflog: new InMemoryNotificationLog(),
      silenceStore: new InMemorySilenceStore(),
      newSilenceId: () => `silence-${++silenceCounter}`,
      sleep: async () => undefined,
    },
    t0,
  );
  const silenceIds = new Map<string, string>();
  const actions = scenarioActions(scenario, t0);
  // Flushes up to the end of the last tick's window count, as on the real side.
  const endMillis = t0 + (scenario.durationTicks + 1.25) * scenario.tickMillis;
  let i = 0;
  for (;;) {
    const due = engine.nextDueMillis();
    const nextAction = actions[i];
    if (nextAction && nextAction.atMillis <= due) {
      const now = nextAction.atMillis;
      if (nextAction.kind === 'post') {
        engine.postAlerts(nextAction.alerts, now);
      } else if (nextAction.kind === 'silence') {
        const id = await engine.silences.set(
          { matchers: nextAction.matchers, startsAtMillis: nextAction.startsAtMillis, endsAtMillis: nextAction.endsAtMillis, createdBy: 'scenario', comment: nextAction.ref },
          now,
        );
        silenceIds.set(nextAction.ref, id);
      } else {
        await engine.silences.expire(silenceIds.get(nextAction.ref) ?? nextAction.ref, now);
      }
      i++;
      continue;
    }
    if (due > endMillis) break;
    await engine.advance(due);
  }
  return sortTuples(notifier.tuples.filter((t) => t.tick <= scenario.durationTicks));
}
