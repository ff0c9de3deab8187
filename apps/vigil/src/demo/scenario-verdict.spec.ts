import { create } from '@bufbuild/protobuf';
import { AlertSchema, AlertStatus, IncidentSchema, IncidentStatus, RootCauseHintSchema } from '@vigil/contracts';
import { groundTruthOf, incidentByName } from '@vigil/fleet';
import { judgeScenario } from './scenario-verdict';
import { renderIncidentCard } from './slack-card';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 24, 10);
const truth = groundTruthOf({ spec: incidentByName('error-cascade'), startMillis: T0, endMillis: T0 + 20 * MINUTE });

const incident = (services: string[], openedAt: number, cause: string, revision = 1) =>
  create(IncidentSchema, {
    id: `inc-${openedAt}`,
    tenant: 'default',
    status: IncidentStatus.OPEN,
    revision,
    title: 'payments errors',
    services,
    memberAlertFingerprints: ['a1'],
    firingAlertFingerprints: ['a1'],
    rootCauseHint: create(RootCauseHintSchema, { service: cause, reason: 'first alert', confidence: 0.8 }),
    openedAtUnixMs: openedAt,
    updatedAtUnixMs: openedAt,
  });
const alert = (service: string, startsAt: number) =>
  create(AlertSchema, {
    fingerprint: 'a1',
    tenant: 'default',
    status: AlertStatus.FIRING,
    labels: [
      { name: 'alertname', value: 'HighErrorRate' },
      { name: 'service', value: service },
    ],
    annotations: [{ name: 'summary', value: 'payments fails 40 % of charges' }],
    startsAtUnixMs: startsAt,
  });

describe('judgeScenario', () => {
  it('counts a matching incident as detected, with its time to detect, members and top cause', () => {
    const verdict = judgeScenario(
      truth,
      { alerts: [alert('payments', T0 + 2 * MINUTE)], incidents: [incident(['checkout', 'payments'], T0 + 3 * MINUTE, 'payments')], notifications: [{ atMillis: T0 + 4 * MINUTE, services: ['payments'], status: 'firing' }] },
      10 * MINUTE,
    );
    expect(verdict).toMatchObject({ detected: true, timeToDetectMillis: 3 * MINUTE, alerts: 1, notifications: 1, incidentsOpened: 1, membersMatch: true, topCauseCorrect: true });
  });

  it('does not credit an incident on unrelated services, or one outside the window', () => {
    const verdict = judgeScenario(truth, { alerts: [], incidents: [incident(['assistant'], T0 + MINUTE, 'assistant'), incident(['payments'], T0 + 60 * MINUTE, 'payments')], notifications: [] }, 10 * MINUTE);
    expect(verdict).toMatchObject({ detected: false, timeToDetectMillis: null, incidentsOpened: 1, membersMatch: false, topCauseCorrect: false });
  });

  it('a noise scenario is a success only when no incident opened', () => {
    const noise = groundTruthOf({ spec: incidentByName('flapping-check'), startMillis: T0, endMillis: T0 + 30 * MINUTE });
    expect(judgeScenario(noise, { alerts: [], incidents: [], notifications: [] }, 10 * MINUTE).detected).toBe(true);
    expect(judgeScenario(noise, { alerts: [], incidents: [incident(['notifier'], T0 + MINUTE, 'notifier')], notifications: [] }, 10 * MINUTE).detected).toBe(false);
  });
});

describe('renderIncidentCard', () => {
  it('lays out an opened incident like its Slack message: title, severity, services, cause, alerts, link', () => {
    const card = renderIncidentCard(incident(['checkout', 'payments'], T0, 'payments'), new Map([['a1', alert('payments', T0)]]), { color: false, dashboardUrl: 'http://127.0.0.1:8080' });
    const lines = card.split('\n');
    expect(lines[0]).toBe('▌ [FIRING] payments errors');
    expect(card).toContain('Services: checkout, payments');
    expect(card).toContain('Suspected cause: payments (80 %) — first alert');
    expect(card).toContain('● HighErrorRate · payments — payments fails 40 % of charges');
    expect(lines[lines.length - 1]).toContain('http://127.0.0.1:8080/api/v1/incidents/inc-');
    expect(card).not.toContain('\x1b[');
  });
});
