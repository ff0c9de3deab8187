import type { ApiKey } from '@vigil/config';

/** Why a request was refused: 401 (no or unknown key) or 403 (key lacks the role). */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

export interface Caller {
  readonly tenant: string;
  /** May post alerts, create/expire silences and reload. */
  readonly canWrite: boolean;
}

/**
 * API key → tenant, in the forms Prometheus and amtool can send: `Authorization: Bearer <key>`
 * (Prometheus `authorization.credentials`, amtool `--http.config.file`) or basic auth with the
 * key as password (Prometheus `basic_auth`). Keyless requests from loopback act as
 * `auth.anonymousLoopbackTenant` when it is set. Keys are compared, never logged.
 */
export class TenantAuth {
  private readonly keys: Map<string, ApiKey>;

  constructor(
    apiKeys: readonly ApiKey[],
    private readonly anonymousLoopbackTenant: string | undefined,
  ) {
    this.keys = new Map(apiKeys.map((k) => [k.key, k]));
  }

  callerOf(authorization: string | undefined, remoteAddress: string): Caller {
    const key = keyOf(authorization);
    if (key === undefined) {
      if (this.anonymousLoopbackTenant && isLoopback(remoteAddress)) return { tenant: this.anonymousLoopbackTenant, canWrite: true };
      throw new AuthError(401, 'an API key is required: send "Authorization: Bearer <key>" or basic auth with the key as password');
    }
    const found = this.keys.get(key);
    if (!found) throw new AuthError(401, 'the API key is not known');
    return { tenant: found.tenant, canWrite: found.role !== 'viewer' };
  }
}

function keyOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const [scheme, credentials = ''] = authorization.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return credentials;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return undefined;
}

function isLoopback(address: string): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
