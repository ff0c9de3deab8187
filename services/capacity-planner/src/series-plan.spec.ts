import { AlertStatus } from '@vigil/contracts';
import { alertTransitions, combinedAction, type HorizonVerdict, type SeriesRef } from './series-plan';

const series: SeriesRef = { tenant: 't', fingerprint: 42n, metricName: 'system.filesystem.usage', labels: { mountpoint: '/data' }, resource: 'disk' };
const verdict = (horizon: string, action: HorizonVerdict['action'], hasForecast = true): HorizonVerdict => ({ horizon, action, rule: `${action}-rule`, hasForecast });
const next = (action: HorizonVerdict['action']) => ({ action, horizon: '30d', rule: 'r', summary: 's' });

describe('combined action across horizons', () => {
  it('takes the most urgent scale-up any horizon asks for', () => {
    expect(combinedAction([verdict('48h', 'monitor_closely'), verdict('30d', 'plan_scale_up')])).toMatchObject({ action: 'plan_scale_up', horizon: '30d' });
    expect(combinedAction([verdict('48h', 'immediate_scale_up_required'), verdict('30d', 'plan_scale_up')])).toMatchObject({ action: 'immediate_scale_up_required', horizon: '48h' });
  });

  it('scales down only when every horizon with a forecast agrees', () => {
    expect(combinedAction([verdict('48h', 'consider_scale_down'), verdict('30d', 'maintain_current_capacity')]).action).toBe('maintain_current_capacity');
    expect(combinedAction([verdict('48h', 'consider_scale_down'), verdict('30d', 'maintain_current_capacity', false)]).action).toBe('consider_scale_down');
    expect(combinedAction([verdict('48h', 'maintain_current_capacity', false)]).action).toBe('maintain_current_capacity');
  });
});

describe('capacity alert transitions', () => {
  it('fires once when the action leaves maintain, with a deterministic id', () => {
    const first = alertTransitions(series, null, next('plan_scale_up'), 1_000);
    expect(first.alerts).toHaveLength(1);
    expect(first.alerts[0].status).toBe(AlertStatus.FIRING);
    const again = alertTransitions(series, null, next('plan_scale_up'), 1_000);
    expect(again.alerts[0].fingerprint).toBe(first.alerts[0].fingerprint);
    expect(again.alerts[0].annotations).toEqual(first.alerts[0].annotations);
    expect(first.alerts[0].annotations.find((a) => a.name === 'vigil_alert_id')?.value).toBe(`${first.alerts[0].fingerprint}-1000`);
  });

  it('publishes nothing while the action stays the same', () => {
    const { open } = alertTransitions(series, null, next('plan_scale_up'), 1_000);
    expect(alertTransitions(series, open, next('plan_scale_up'), 2_000)).toEqual({ alerts: [], open });
    expect(alertTransitions(series, null, next('maintain_current_capacity'), 2_000)).toEqual({ alerts: [], open: null });
  });

  it('resolves the old alert and fires a new one when the action changes', () => {
    const { open } = alertTransitions(series, null, next('monitor_closely'), 1_000);
    const changed = alertTransitions(series, open, next('immediate_scale_up_required'), 2_000);
    expect(changed.alerts.map((a) => a.status)).toEqual([AlertStatus.RESOLVED, AlertStatus.FIRING]);
    expect(changed.alerts[0].fingerprint).toBe(open?.fingerprint);
    expect(changed.alerts[0].endsAtUnixMs).toBe(2_000);
    expect(changed.alerts[1].fingerprint).not.toBe(open?.fingerprint);
    expect(changed.alerts[1].labels.find((l) => l.name === 'severity')?.value).toBe('critical');
  });

  it('resolves when the action returns to maintain_current_capacity', () => {
    const { open } = alertTransitions(series, null, next('plan_scale_up'), 1_000);
    const back = alertTransitions(series, open, next('maintain_current_capacity'), 3_000);
    expect(back.alerts.map((a) => a.status)).toEqual([AlertStatus.RESOLVED]);
    expect(back.open).toBeNull();
  });
});
