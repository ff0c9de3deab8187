/**
 * The two muting stages, in Alertmanager's order: inhibition first, then silences. Each drops
 * the alerts it mutes and records why on the marker, so the API can show it.
 */
import type { Alert } from '../alerts/alert';
import { alertFingerprint } from '../alerts/alert';
import type { AlertMarker } from '../alerts/marker';
import { silenceMatches } from '../silences/silence';
import type { Silences } from '../silences/silence-store';
import type { Inhibitor } from './inhibitor';
import type { FlushContext, Stage, StageResult } from './stage';

export class InhibitStage implements Stage {
  readonly name = 'inhibit';
  constructor(
    private readonly inhibitor: Inhibitor,
    private readonly marker: AlertMarker,
  ) {}

  async exec(ctx: FlushContext, alerts: readonly Alert[]): Promise<StageResult<FlushContext>> {
    const kept: Alert[] = [];
    for (const alert of alerts) {
      const by = this.inhibitor.inhibitedBy(alert.labels, ctx.nowMillis);
      this.marker.setInhibited(alertFingerprint(alert), by ? [by] : []);
      if (!by) kept.push(alert);
    }
    return { ok: true, ctx, alerts: kept };
  }
}

export class SilenceStage implements Stage {
  readonly name = 'silence';
  constructor(
    private readonly silences: Silences,
    private readonly marker: AlertMarker,
  ) {}

  async exec(ctx: FlushContext, alerts: readonly Alert[]): Promise<StageResult<FlushContext>> {
    const active = await this.silences.query(ctx.nowMillis, 'active');
    const kept: Alert[] = [];
    for (const alert of alerts) {
      const ids = active.filter((s) => silenceMatches(s, alert.labels)).map((s) => s.id);
      this.marker.setSilenced(alertFingerprint(alert), ids);
      if (ids.length === 0) kept.push(alert);
    }
    return { ok: true, ctx, alerts: kept };
  }
}
