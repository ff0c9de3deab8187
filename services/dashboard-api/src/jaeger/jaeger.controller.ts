import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CLOCK } from '@vigil/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthGuard } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { Problem } from '../http/problem';
import { toJaegerTrace } from './jaeger-model';
import { JaegerRepository } from './jaeger.repository';

interface Clock {
  now(): number;
}

const DEFAULT_LOOKBACK_MILLIS = 3_600_000;
const MAX_TRACES = 1_500;

class JaegerError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * Jaeger's query HTTP API under /jaeger/api (Jaeger UI, Grafana's Jaeger data source):
 * `{data, total, limit, offset, errors}` envelopes, microsecond times, keys as for every
 * dashboard-api route (Bearer, Basic password, X-API-Key).
 */
@ApiExcludeController()
@Controller('jaeger/api')
export class JaegerController {
  constructor(
    private readonly auth: AuthGuard,
    private readonly repository: JaegerRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('services') services(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller) => this.repository.services(caller));
  }

  @Get('services/:service/operations') serviceOperations(@Param('service') service: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, async (caller) => [...new Set((await this.repository.operations(caller, service)).map((o) => o.name))]);
  }

  @Get('operations') operations(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, async (caller, query) => {
      const kind = query.spanKind ?? '';
      return (await this.repository.operations(caller, required(query, 'service'))).filter((o) => !kind || o.spanKind === kind);
    });
  }

  @Get('traces') traces(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, async (caller, query) => {
      const endMicros = query.end ? integer(query.end, 'end') : this.clock.now() * 1000;
      const lookbackMillis = query.lookback && query.lookback !== 'custom' ? durationNanos(query.lookback, 'lookback') / 1_000_000n : BigInt(DEFAULT_LOOKBACK_MILLIS);
      const startMicros = query.start ? integer(query.start, 'start') : endMicros - Number(lookbackMillis) * 1000;
      const limit = Math.min(query.limit ? integer(query.limit, 'limit') : 20, MAX_TRACES);
      const found = await this.repository.findTraces(caller, {
        service: required(query, 'service'),
        operation: query.operation || undefined,
        tags: parseTags(query.tags),
        minDurationNanos: query.minDuration ? durationNanos(query.minDuration, 'minDuration') : undefined,
        maxDurationNanos: query.maxDuration ? durationNanos(query.maxDuration, 'maxDuration') : undefined,
        startMicros,
        endMicros,
        limit: limit > 0 ? limit : 20,
      });
      return [...found].filter(([, rows]) => rows.length > 0).map(([id, rows]) => toJaegerTrace(id, rows));
    });
  }

  @Get('traces/:traceId') trace(@Param('traceId') traceId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, async (caller) => {
      const id = normalizeTraceId(traceId);
      const rows = (await this.repository.spansOf(caller, [id])).get(id) ?? [];
      if (rows.length === 0) throw new JaegerError(404, 'trace not found');
      return [toJaegerTrace(id, rows)];
    });
  }

  @Get('dependencies') dependencies(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller, query) => {
      const endMillis = query.endTs ? integer(query.endTs, 'endTs') : this.clock.now();
      const lookbackMillis = query.lookback ? integer(query.lookback, 'lookback') : 86_400_000;
      return this.repository.dependencies(caller, endMillis - lookbackMillis, endMillis);
    });
  }

  private async handle(request: FastifyRequest, reply: FastifyReply, run: (caller: Principal, query: Record<string, string>) => Promise<unknown[]>): Promise<void> {
    try {
      const caller = await this.auth.authenticate(request.headers, request.ip);
      const data = await run(caller, (request.query ?? {}) as Record<string, string>);
      await reply.status(200).header('content-type', 'application/json').send(JSON.stringify({ data, total: data.length, limit: 0, offset: 0, errors: null }));
    } catch (error) {
      const status = error instanceof JaegerError ? error.status : error instanceof Problem ? error.status : 500;
      const msg = error instanceof JaegerError ? error.message : error instanceof Problem ? error.detail : 'the server failed to answer';
      await reply.status(status).header('content-type', 'application/json').send(JSON.stringify({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: status, msg }] }));
    }
  }
}

function required(query: Record<string, string>, name: string): string {
  const value = query[name];
  if (!value) throw new JaegerError(400, `parameter '${name}' is required`);
  return value;
}

function integer(text: string, name: string): number {
  if (!/^-?\d+$/.test(text)) throw new JaegerError(400, `unable to parse param '${name}': ${text}`);
  return Number(text);
}

const DURATION_UNIT_NANOS: Readonly<Record<string, bigint>> = { ns: 1n, us: 1_000n, µs: 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };

/** Go's time.ParseDuration subset Jaeger accepts (`1.5s`, `100ms`, `2m30s`). */
function durationNanos(text: string, name: string): bigint {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new JaegerError(400, `unable to parse param '${name}': time: invalid duration "${text}"`);
  return parts.reduce((sum, [, amount, unit]) => sum + BigInt(Math.round(Number(amount) * Number(DURATION_UNIT_NANOS[unit]))), 0n);
}

/** `tags` as Jaeger UI sends it (a JSON object) or as logfmt `k=v k2="v 2"`. */
function parseTags(text: string | undefined): Record<string, string> {
  if (!text) return {};
  if (text.trim().startsWith('{')) {
    try {
      return Object.fromEntries(Object.entries(JSON.parse(text) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    } catch {
      throw new JaegerError(400, `malformed 'tags' parameter, expecting JSON object: ${text}`);
    }
  }
  const out: Record<string, string> = {};
  for (const match of text.matchAll(/([^\s=]+)=("([^"]*)"|\S*)/g)) out[match[1]] = match[3] ?? match[2];
  return out;
}

function normalizeTraceId(text: string): string {
  const id = text.toLowerCase();
  if (!/^[0-9a-f]{1,32}$/.test(id)) throw new JaegerError(400, `invalid trace id: ${text}`);
  return id.padStart(32, '0');
}
