import { timingSafeEqual, createHash } from 'node:crypto';
import type { ApiKey } from '@vigil/config';

/** Who is calling: the tenant their key belongs to and what the key may do. */
export interface Principal {
  readonly tenant: string;
  readonly role: ApiKey['role'];
  /** The key's name from config (never the key), or 'anonymous-loopback'. */
  readonly name: string;
}

/** Why a request is refused; `status` maps to HTTP (each transport renders it its own way). */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly code: 'missing_api_key' | 'invalid_api_key' | 'forbidden',
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The API key of a request, in every form Vigil's clients send: `X-API-Key: <key>`,
 * `Authorization: Bearer <key>` (OTel exporters, Prometheus `authorization`, Grafana, amtool),
 * or `Authorization: Basic` with the key as password (Prometheus and Grafana `basic_auth`).
 */
export function credentialOf(headers: Headers): string | undefined {
  const explicit = first(headers['x-api-key'])?.trim();
  if (explicit) return explicit;
  const authorization = first(headers.authorization)?.trim();
  if (!authorization) return undefined;
  const [scheme, credentials = ''] = authorization.split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return credentials || undefined;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1) || undefined;
  }
  return undefined;
}

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

const digest = (key: string) => createHash('sha256').update(key).digest();

/**
 * API key → Principal, for every HTTP surface (ingest, dashboard-api, the Alertmanager API).
 * Keys are kept only as SHA-256 digests and compared in constant time; they are never logged.
 * Keyless requests from loopback act as `auth.anonymousLoopbackTenant` (editor) when set.
 */
export class ApiKeyAuth {
  private readonly keys: Array<{ digest: Buffer; principal: Principal }>;

  constructor(
    apiKeys: readonly ApiKey[],
    private readonly anonymousLoopbackTenant?: string,
  ) {
    this.keys = apiKeys.map((k, i) => ({ digest: digest(k.key), principal: { tenant: k.tenant, role: k.role, name: k.name ?? `key-${i + 1}` } }));
  }

  /** The caller of a request, or an AuthError (401) saying what to send. */
  authenticate(headers: Headers, remoteAddress: string | undefined): Principal {
    const key = credentialOf(headers);
    if (key === undefined) {
      if (this.anonymousLoopbackTenant && isLoopback(remoteAddress)) {
        return { tenant: this.anonymousLoopbackTenant, role: 'editor', name: 'anonymous-loopback' };
      }
      throw new AuthError(401, 'missing_api_key', 'an API key is required: send "Authorization: Bearer <key>", "X-API-Key: <key>" or basic auth with the key as password');
    }
    const wanted = digest(key);
    const match = this.keys.find((k) => timingSafeEqual(k.digest, wanted));
    if (!match) throw new AuthError(401, 'invalid_api_key', 'the API key is not known');
    return match.principal;
  }

  /** Throws 403 unless the principal's role is at least `needed` (viewer < editor < admin). */
  static require(principal: Principal, needed: Principal['role']): void {
    const rank = { viewer: 0, editor: 1, admin: 2 } as const;
    if (rank[principal.role] < rank[needed]) {
      throw new AuthError(403, 'forbidden', `this needs a key with the ${needed} role; yours is ${principal.role}`);
    }
  }
}
