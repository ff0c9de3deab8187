import { anomalyId, anomalyOfTenant, fingerprintOfAnomalyId, fingerprintOfKey, seriesKey, tenantTag } from './series-key';

const FINGERPRINT = '00000000000000a1';
const T = Date.UTC(2026, 0, 1);

describe('series keys and anomaly ids', () => {
  it('give two tenants with the same series different keys and different anomaly ids for the same point', () => {
    expect(seriesKey('acme', FINGERPRINT)).not.toBe(seriesKey('globex', FINGERPRINT));
    expect(anomalyId('acme', FINGERPRINT, T)).not.toBe(anomalyId('globex', FINGERPRINT, T));
  });

  it('keep anomaly ids deterministic, fixed-width hex, starting with the series fingerprint', () => {
    const id = anomalyId('acme', FINGERPRINT, T);
    expect(id).toBe(anomalyId('acme', FINGERPRINT, T));
    expect(id).toMatch(/^[0-9a-f]{44}$/);
    expect(fingerprintOfAnomalyId(id)).toBe(FINGERPRINT);
    expect(id.slice(16, 28)).toBe(T.toString(16).padStart(12, '0'));
    expect(id.slice(28)).toBe(tenantTag('acme'));
  });

  it("tell whether an anomaly id is a tenant's own (feedback on another tenant's anomaly is refused)", () => {
    expect(anomalyOfTenant(anomalyId('acme', FINGERPRINT, T), 'acme')).toBe(true);
    expect(anomalyOfTenant(anomalyId('acme', FINGERPRINT, T), 'globex')).toBe(false);
    expect(anomalyOfTenant(anomalyId('acme', FINGERPRINT, T).slice(0, 28), 'globex')).toBe(true); // pre-tenant ids: the reporter's tenant decides
  });

  it('cannot be forged by a tenant name with a slash in it', () => {
    expect(seriesKey('a/b', FINGERPRINT)).not.toBe(seriesKey('a', `b/${FINGERPRINT}`));
    expect(fingerprintOfKey(seriesKey('a/b', FINGERPRINT))).toBe(FINGERPRINT);
    expect(fingerprintOfKey(FINGERPRINT)).toBe(FINGERPRINT); // the legacy layout's bare key
  });
});
