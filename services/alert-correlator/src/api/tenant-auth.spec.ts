import { AuthError, TenantAuth } from './tenant-auth';

describe('TenantAuth', () => {
  const auth = new TenantAuth(
    [
      { key: 'editor-key-0123456789', tenant: 'a', role: 'editor' },
      { key: 'viewer-key-0123456789', tenant: 'b', role: 'viewer' },
    ],
    'local',
  );
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

  it('takes the key as a bearer token or as the basic-auth password (what Prometheus can send)', () => {
    expect(auth.callerOf('Bearer editor-key-0123456789', '10.0.0.1')).toEqual({ tenant: 'a', canWrite: true });
    expect(auth.callerOf(basic('prometheus', 'viewer-key-0123456789'), '10.0.0.1')).toEqual({ tenant: 'b', canWrite: false });
  });

  it('lets keyless loopback requests act as the configured tenant, and nobody else', () => {
    expect(auth.callerOf(undefined, '127.0.0.1').tenant).toBe('local');
    expect(auth.callerOf(undefined, '::ffff:127.0.0.1').tenant).toBe('local');
    expect(() => auth.callerOf(undefined, '10.0.0.1')).toThrow(AuthError);
    expect(() => auth.callerOf('Bearer wrong', '127.0.0.1')).toThrow(/not known/);
  });
});
