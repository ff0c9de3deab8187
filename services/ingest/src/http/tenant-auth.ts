import type { ApiKey } from '@vigil/config';
import { InputError } from '../decode/input-error';

/**
 * API key → tenant (config `auth.apiKeys`). The key may come as `Authorization: Bearer <key>`
 * (OTel exporters' `headers`, Prometheus `authorization.credentials`), `Authorization: Basic`
 * with the key as password (Prometheus `basic_auth`), or `X-API-Key`. Without a key: the
 * configured loopback tenant for requests from this machine, otherwise 401.
 */
export class TenantAuth {
  private readonly tenants: Map<string, string>;

  constructor(
    apiKeys: readonly ApiKey[],
    private readonly anonymousLoopbackTenant: string | undefined,
  ) {
    this.tenants = new Map(apiKeys.map((k) => [k.key, k.tenant]));
  }

  tenantOf(headers: Record<string, string | string[] | undefined>, remoteAddress: string): string {
    const key = keyFrom(headers);
    if (key === undefined) {
      if (this.anonymousLoopbackTenant && isLoopback(remoteAddress)) return this.anonymousLoopbackTenant;
      throw new InputError(401, 'missing_api_key', 'an API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"');
    }
    const tenant = this.tenants.get(key);
    if (tenant === undefined) throw new InputError(401, 'invalid_api_key', 'the API key is not known');
    return tenant;
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function keyFrom(headers: Record<string, string | string[] | undefined>): string | undefined {
  const explicit = first(headers['x-api-key']);
  if (explicit) return explicit.trim();
  const authorization = first(headers.authorization);
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
