import { ApiKeyAuth, AuthError, credentialOf } from './api-key-auth';

const KEY = 'k-0123456789abcdef-acme';
const auth = new ApiKeyAuth([{ key: KEY, tenant: 'acme', role: 'viewer', name: 'grafana' }], 'local');

describe('credentialOf', () => {
  it('reads the key from X-API-Key, Bearer and basic auth (key as password)', () => {
    expect(credentialOf({ 'x-api-key': KEY })).toBe(KEY);
    expect(credentialOf({ authorization: `Bearer ${KEY}` })).toBe(KEY);
    expect(credentialOf({ authorization: `Basic ${Buffer.from(`anyone:${KEY}`).toString('base64')}` })).toBe(KEY);
    expect(credentialOf({ authorization: 'Digest abc' })).toBeUndefined();
  });
});

describe('ApiKeyAuth', () => {
  it('maps a known key to its tenant and role', () => {
    expect(auth.authenticate({ authorization: `Bearer ${KEY}` }, '10.0.0.1')).toEqual({ tenant: 'acme', role: 'viewer', name: 'grafana' });
  });

  it('refuses an unknown key and a missing key from elsewhere with 401', () => {
    expect(() => auth.authenticate({ authorization: 'Bearer nope' }, '127.0.0.1')).toThrow(AuthError);
    expect(() => auth.authenticate({}, '10.0.0.1')).toThrow(/API key is required/);
  });

  it('lets a keyless loopback request act as the configured local tenant', () => {
    expect(auth.authenticate({}, '::1')).toMatchObject({ tenant: 'local', role: 'editor' });
    expect(() => new ApiKeyAuth([]).authenticate({}, '127.0.0.1')).toThrow(/API key is required/);
  });

  it('answers 403 when the role is too low', () => {
    const viewer = auth.authenticate({ 'x-api-key': KEY }, undefined);
    expect(() => ApiKeyAuth.require(viewer, 'editor')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => ApiKeyAuth.require(viewer, 'viewer')).not.toThrow();
  });
});
