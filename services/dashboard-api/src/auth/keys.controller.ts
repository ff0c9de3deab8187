import { Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { z } from 'zod/v4';
import { AuditLog } from '../audit/audit.repository';
import { ApiController } from '../http/api-controller.decorator';
import { decodeCursor, page, pageSchema, resolveWindow, windowFields } from '../http/pagination';
import { Problem } from '../http/problem';
import { ApiBodyFrom, ApiQueryFrom, ApiResult, ParsedBody, ParsedQuery } from '../http/schema';
import { Inject } from '@nestjs/common';
import { CLOCK, type Clock } from '@vigil/runtime';
import { ApiKeyRegistry, newSecret } from './api-key-registry';
import { ApiKeysRepository } from './api-keys.repository';
import { Caller, type Principal, RequireRole } from './principal';

const roleSchema = z.enum(['viewer', 'editor', 'admin']);
const keySchema = z.object({ id: z.string(), name: z.string(), role: roleSchema, createdBy: z.string(), createdAt: z.string(), revokedAt: z.string().optional() });
const createKeySchema = z.object({ name: z.string().min(1).max(200), role: roleSchema.default('viewer') }).strict();
const createdKeySchema = keySchema.extend({ key: z.string().describe('the secret: shown once, only its SHA-256 is stored') });
const auditQuerySchema = z.object(windowFields);
const auditEntrySchema = z.object({ id: z.string(), at: z.string(), actor: z.string(), role: z.string(), method: z.string(), route: z.string(), target: z.string(), status: z.number().int(), detail: z.string() });

/** Admin routes: the tenant's API keys and its audit log. */
@ApiController('admin', 'admin')
@RequireRole('admin')
export class KeysController {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly registry: ApiKeyRegistry,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('keys')
  @ApiOperation({ summary: "The tenant's API keys created through this API (never their secrets)" })
  @ApiResult(z.object({ items: z.array(keySchema) }))
  async list(@Caller() caller: Principal) {
    return { items: await this.keys.list(caller) };
  }

  @Post('keys')
  @HttpCode(201)
  @ApiOperation({ summary: 'Creates a key for the caller’s tenant; the answer holds the secret, once' })
  @ApiBodyFrom(createKeySchema)
  @ApiResult(createdKeySchema, 201, { write: true })
  async create(@Caller() caller: Principal, @ParsedBody(createKeySchema) body: z.infer<typeof createKeySchema>) {
    const secret = newSecret();
    const info = await this.keys.create(caller, { ...body, secret });
    return { ...info, key: secret };
  }

  @Delete('keys/:id')
  @ApiOperation({ summary: 'Revokes a key (effective at once on this replica, within 5 s on others)' })
  @ApiResult(keySchema, 200, { write: true, notFound: true })
  async revoke(@Caller() caller: Principal, @Param('id') id: string) {
    const revoked = await this.keys.revoke(caller, id);
    if (!revoked) throw new Problem(404, 'key_not_found', `tenant "${caller.tenant}" has no key with id "${id}"; list keys with GET /api/v1/admin/keys`);
    this.registry.forgetKeyId(id);
    return revoked;
  }

  @Get('audit')
  @ApiOperation({ summary: 'The audit log: every write, newest first' })
  @ApiQueryFrom(auditQuerySchema)
  @ApiResult(pageSchema(auditEntrySchema))
  async auditLog(@Caller() caller: Principal, @ParsedQuery(auditQuerySchema) query: z.infer<typeof auditQuerySchema>) {
    const window = resolveWindow(query, this.clock.now(), 7 * 86_400_000);
    const items = await this.audit.list(caller, { ...window, limit: query.limit, before: decodeCursor(query.cursor) });
    return page(items, query.limit, (item) => ({ atMillis: Date.parse(item.at), id: item.id }));
  }
}
