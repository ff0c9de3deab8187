import { hostOf, resultOfError, resultOfStatus } from './delivery-result';

describe('delivery results', () => {
  it('retries 429 and 5xx, not other 4xx', () => {
    expect(resultOfStatus(200, 'x')).toEqual({ ok: true });
    expect(resultOfStatus(429, 'x')).toMatchObject({ ok: false, retry: true });
    expect(resultOfStatus(503, 'x')).toMatchObject({ ok: false, retry: true });
    expect(resultOfStatus(400, 'x')).toMatchObject({ ok: false, retry: false });
    expect(resultOfStatus(404, 'x')).toMatchObject({ ok: false, retry: false });
  });

  it('retries network errors and names them by code', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(resultOfError(refused, 'POST h')).toEqual({ ok: false, retry: true, reason: 'POST h: ECONNREFUSED' });
  });

  it('keeps only the host of a URL, whose path may be a token', () => {
    expect(hostOf('https://hooks.slack.com/services/T0/B0/secret')).toBe('hooks.slack.com');
  });
});
