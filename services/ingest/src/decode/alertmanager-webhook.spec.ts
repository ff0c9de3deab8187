import { AlertSource, AlertStatus, fingerprintToHex, labelsFingerprint } from '@vigil/contracts';
import { decodeAlertmanagerWebhook } from './alertmanager-webhook';

const payload = {
  version: '4',
  groupKey: '{}:{alertname="HighLatency"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'vigil',
  groupLabels: { alertname: 'HighLatency' },
  commonLabels: {},
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'firing',
      labels: { service: 'checkout', alertname: 'HighLatency', severity: 'page' },
      annotations: { summary: 'p99 over 1s' },
      startsAt: '2026-11-23T11:59:00.000Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
      fingerprint: 'ignored',
    },
  ],
};

describe('Alertmanager webhook decoding', () => {
  it('turns a v4 payload into firing alerts with sorted labels and the Alertmanager fingerprint', () => {
    const [alert] = decodeAlertmanagerWebhook(Buffer.from(JSON.stringify(payload)), 'acme', 1000);
    const labels = [
      { name: 'alertname', value: 'HighLatency' },
      { name: 'service', value: 'checkout' },
      { name: 'severity', value: 'page' },
    ];
    expect(alert.labels.map((l) => ({ name: l.name, value: l.value }))).toEqual(labels);
    expect(alert.fingerprint).toBe(fingerprintToHex(labelsFingerprint(labels)));
    expect(alert).toMatchObject({ tenant: 'acme', status: AlertStatus.FIRING, source: AlertSource.ALERTMANAGER, endsAtUnixMs: 0, updatedAtUnixMs: 1000 });
    expect(alert.startsAtUnixMs).toBe(Date.UTC(2026, 10, 23, 11, 59));
  });

  it('names the bad field of a payload that is not version 4', () => {
    expect(() => decodeAlertmanagerWebhook(Buffer.from(JSON.stringify({ ...payload, version: '3' })), 'acme', 0)).toThrow(/version/);
  });
});
