import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@vigil/observability';
import { InputError } from '../decode/input-error';
import type { OtlpEncoding } from '../decode/otlp-request';
import { decodeOtlpMetrics, otlpEncodingOf } from '../decode/otlp-request';
import { decodePointsJson } from '../decode/points-json';
import { decodeRemoteWrite } from '../decode/remote-write';
import type { IngestOutcome, IngestPipeline } from '../ingest.pipeline';
import type { Endpoint, IngestMetrics } from '../telemetry/ingest-metrics';
import type { OtlpSignal } from './otlp-response';
import { otlpStatusBody, otlpSuccessBody } from './otlp-response';
import { requestBody } from './request-body';
import type { TenantAuth } from './tenant-auth';

export interface IngestRouteDeps {
  readonly pipeline: IngestPipeline;
  readonly auth: TenantAuth;
  readonly metrics: IngestMetrics;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
}

type Protocol = 'otlp' | 'prometheus' | 'json';

/**
 * Ingest's HTTP API, registered as an encapsulated Fastify plugin on the service's Nest/Fastify
 * app (docs/decisions/092): every body arrives as raw bytes (protobuf, snappy, gzip, JSON) and
 * each protocol gets its own answer format, which a Nest controller would only get in the way of.
 */
export function registerIngestRoutes(app: FastifyInstance, deps: IngestRouteDeps): void {
  void app.register(async (routes) => {
    routes.removeAllContentTypeParsers();
    routes.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes }, (_request, body, done) => done(null, body));
    routes.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
      // Fastify's own refusals (body over the limit, bad Content-Length) before a handler ran.
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      const code = status === 413 ? 'body_too_large' : 'invalid_payload';
      const message = status === 413 ? `request body is larger than ${deps.maxBodyBytes} bytes` : error.message;
      if (status === 500) deps.logger.error({ err: error, url: request.url }, 'ingest request failed');
      void reply.status(status).type('application/json').send(JSON.stringify({ error: code, message }));
    });

    const otlp = (signal: OtlpSignal, endpoint: Endpoint) => async (request: FastifyRequest, reply: FastifyReply) => {
      // Errors are answered in the encoding the sender used, known even before the body is read.
      const answerEncoding: OtlpEncoding = (request.headers['content-type'] ?? '').includes('protobuf') ? 'protobuf' : 'json';
      await handle(deps, endpoint, 'otlp', request, reply, async (tenant, body) => {
        const encoding = otlpEncodingOf(request.headers['content-type']);
        const outcome =
          signal === 'metrics'
            ? await deps.pipeline.metricsFrom(endpoint, tenant, (acc) => decodeOtlpMetrics(body, encoding, acc))
            : signal === 'traces'
              ? await deps.pipeline.traces(tenant, body, encoding)
              : await deps.pipeline.logs(tenant, body, encoding);
        return { status: 200, type: encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json', body: otlpSuccessBody(signal, outcome, encoding) };
      }, answerEncoding);
    };
    routes.post('/v1/metrics', otlp('metrics', 'otlp_metrics'));
    routes.post('/v1/traces', otlp('traces', 'otlp_traces'));
    routes.post('/v1/logs', otlp('logs', 'otlp_logs'));

    routes.post('/api/v1/write', (request, reply) =>
      handle(deps, 'remote_write', 'prometheus', request, reply, async (tenant, body) => {
        const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim();
        if (mediaType !== 'application/x-protobuf') {
          throw new InputError(415, 'unsupported_media_type', `remote_write expects Content-Type application/x-protobuf, got "${mediaType || '(none)'}"`);
        }
        const outcome = await deps.pipeline.metricsFrom('remote_write', tenant, (acc) => decodeRemoteWrite(body, acc));
        // remote_write 1.0 drops a batch on 4xx and retries on 5xx, so a partly bad batch is a 204:
        // refusing the good samples with it would lose them. The refusals are counted in /metrics.
        return { status: 204, type: 'text/plain', body: '', outcome };
      }),
    );

    routes.post('/api/v1/alerts', (request, reply) =>
      handle(deps, 'alerts', 'json', request, reply, async (tenant, body) => {
        requireJson(request);
        const outcome = await deps.pipeline.alerts(tenant, body);
        return { status: 200, type: 'application/json', body: JSON.stringify({ status: 'success', accepted: outcome.accepted }) };
      }),
    );

    routes.post('/api/v1/points', (request, reply) =>
      handle(deps, 'points', 'json', request, reply, async (tenant, body) => {
        requireJson(request);
        const outcome = await deps.pipeline.metricsFrom('points', tenant, (acc) => decodePointsJson(body, acc));
        return { status: 200, type: 'application/json', body: JSON.stringify({ accepted: outcome.accepted, rejected: outcome.rejected, message: outcome.message }) };
      }),
    );
  });
}

interface Answer {
  status: number;
  type: string;
  body: Buffer | string;
  outcome?: IngestOutcome;
}

async function handle(
  deps: IngestRouteDeps,
  endpoint: Endpoint,
  protocol: Protocol,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (tenant: string, body: Buffer) => Promise<Answer>,
  otlpEncoding: OtlpEncoding = 'json',
): Promise<void> {
  try {
    const tenant = deps.auth.tenantOf(request.headers, request.socket.remoteAddress ?? '');
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const body = await requestBody(raw, request.headers['content-encoding'], deps.maxBodyBytes);
    const answer = await work(tenant, body);
    await reply.status(answer.status).type(answer.type).send(answer.body);
  } catch (error) {
    if (!(error instanceof InputError)) {
      deps.logger.error({ err: error, endpoint }, 'ingest request failed');
      deps.metrics.requestsRefused.inc({ endpoint, code: 'internal' });
      await reply.status(500).type('application/json').send(JSON.stringify({ error: 'internal', message: 'ingest failed to handle the request; retry' }));
      return;
    }
    deps.metrics.requestsRefused.inc({ endpoint, code: error.code });
    if (error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
    if (protocol === 'otlp') {
      const encoding = otlpEncoding;
      await reply
        .status(error.status)
        .type(encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json')
        .send(otlpStatusBody(error.status, `${error.code}: ${error.message}`, encoding));
    } else if (protocol === 'prometheus') {
      await reply.status(error.status).type('text/plain').send(`${error.code}: ${error.message}\n`);
    } else {
      await reply.status(error.status).type('application/json').send(JSON.stringify({ error: error.code, message: error.message }));
    }
  }
}

function requireJson(request: FastifyRequest): void {
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new InputError(415, 'unsupported_media_type', `expected Content-Type application/json, got "${mediaType || '(none)'}"`);
  }
}
