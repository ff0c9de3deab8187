import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { VigilConfig } from '@vigil/config';
import { CONFIG, credentialOf, isLoopback } from '@vigil/runtime';
import type { FastifyRequest } from 'fastify';
import { AuditLog } from '../audit/audit.repository';
import { Problem } from '../http/problem';
import { ApiKeyRegistry } from './api-key-registry';
import { PRINCIPAL_KEY, type Principal, REQUIRED_ROLE, type Role, roleAllows } from './principal';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every dashboard-api route: a key (401 without a valid one), then a role — viewer reads,
 * editor writes, admin where a route says so (403, recorded in the audit log).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeyRegistry,
    private readonly reflector: Reflector,
    private readonly audit: AuditLog,
    @Inject(CONFIG) private readonly config: VigilConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { [PRINCIPAL_KEY]?: Principal }>();
    const principal = await this.authenticate(request.headers, request.ip);
    const write = !READ_METHODS.has(request.method);
    const needed = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]) ?? (write ? 'editor' : 'viewer');
    if (!roleAllows(principal.role, needed)) {
      if (write) await this.audit.recordDenied(principal, request.method, request.routeOptions.url ?? request.url, needed);
      throw new Problem(403, 'forbidden', `this route needs the ${needed} role and the key has ${principal.role}; ask an admin of tenant "${principal.tenant}" for a key with that role`);
    }
    request[PRINCIPAL_KEY] = principal;
    return true;
  }

  async authenticate(headers: FastifyRequest['headers'], remoteAddress: string | undefined): Promise<Principal> {
    const secret = credentialOf(headers);
    if (secret === undefined) {
      const tenant = this.config.auth.anonymousLoopbackTenant;
      if (tenant && isLoopback(remoteAddress)) return { tenant, role: 'editor', actor: 'anonymous-loopback' };
      throw new Problem(401, 'missing_api_key', 'send an API key as "Authorization: Bearer <key>" or "X-API-Key: <key>" (keys come from config auth.apiKeys or POST /api/v1/admin/keys)');
    }
    const principal = await this.keys.resolve(secret);
    if (!principal) throw new Problem(401, 'invalid_api_key', 'the API key is unknown or revoked; check for a typo or ask an admin for a new key');
    return principal;
  }
}
