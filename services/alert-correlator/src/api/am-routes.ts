/**
 * Alertmanager's HTTP API v2 on the service's own listener, as an encapsulated Fastify plugin
 * (raw bodies, Alertmanager's error answers: a JSON string with the reason). Posted alerts are
 * validated here and published on `vigil.alerts.v1` keyed by fingerprint — every replica's
 * engine takes them from there, so whichever replica Prometheus reaches, none is lost.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MatcherSpec, PostableAlert } from '@vigil/correlate';
import { InvalidSilenceError, SilenceNotFoundError, acceptPostedAlert, matcherFromApi, parseMatchers, redactConfigSecrets } from '@vigil/correlate';
import { TOPICS, encodePayload } from '@vigil/contracts';
import type { z } from 'zod';
import { messageOfPosted } from '../engine/alert-mapping';
import { postableAlertsSchema, postableSilenceSchema } from './am-schemas';
import { alertGroups, gettableAlerts, gettableSilence, silenceMatchesFilter, sortSilences, type AlertFilter } from './am-views';
import type { AmApiDeps } from './am-api.deps';
import { AuthError, type Caller } from './tenant-auth';

class BadRequest extends Error {
  readonly status = 400;
}

/** Longest a POST waits for its alerts to reach this replica's engine before answering anyway. */
const INGEST_WAIT_MILLIS = 2_000;

const VERSION_INFO = {
  version: '0.25.0-vigil', revision: 'vigil', branch: 'main', buildUser: 'vigil', buildDate: '', goVersion: `node${process.versions.node}`,
};

function parseJson(body: unknown): unknown {
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : '';
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BadRequest(`body is not valid JSON: ${(error as Error).message}`);
  }
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(parseJson(body));
  if (!result.success) throw new BadRequest(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return result.data;
}

/** Go's zero time: what Go clients (amtool) send for "not set". */
const GO_ZERO_TIME_MILLIS = Date.parse('0001-01-01T00:00:00Z');
const timeOf = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const millis = Date.parse(value);
  return millis <= GO_ZERO_TIME_MILLIS ? undefined : millis;
};

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const bool = (v: unknown, fallback: boolean): boolean => (v === undefined ? fallback : String(v) !== 'false');

function matchersOf(query: Record<string, unknown>): MatcherSpec[] {
  try {
    return list(query.filter).flatMap((f) => parseMatchers(f));
  } catch (error) {
    throw new BadRequest((error as Error).message);
  }
}

function alertFilter(query: Record<string, unknown>): AlertFilter {
  let receiver: RegExp | undefined;
  if (query.receiver !== undefined && String(query.receiver) !== '') {
    try {
      receiver = new RegExp(`^(?:${String(query.receiver)})$`);
    } catch (error) {
      throw new BadRequest(`failed to parse receiver param: ${(error as Error).message}`);
    }
  }
  return {
    matchers: matchersOf(query),
    active: bool(query.active, true),
    silenced: bool(query.silenced, true),
    inhibited: bool(query.inhibited, true),
    unprocessed: bool(query.unprocessed, true),
    receiver,
  };
}

export function registerAlertmanagerRoutes(app: FastifyInstance, deps: AmApiDeps): void {
  const { service, auth, clock } = deps;

  void app.register(async (routes) => {
    routes.removeAllContentTypeParsers();
    routes.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    routes.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      if (error instanceof AuthError) return reply.code(error.status).header('www-authenticate', 'Bearer').send(JSON.stringify(error.message));
      if (error instanceof BadRequest) return reply.code(400).type('application/json').send(JSON.stringify(error.message));
      if (error instanceof SilenceNotFoundError) return reply.code(404).type('application/json').send(JSON.stringify(error.message));
      if (error instanceof InvalidSilenceError) return reply.code(400).type('application/json').send(JSON.stringify(error.message));
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) deps.logger.error({ err: error, url: request.routeOptions.url }, 'Alertmanager API request failed');
      return reply.code(status).type('application/json').send(JSON.stringify(error.message));
    });

    const caller = (request: FastifyRequest, write = false): Caller => {
      const c = auth.callerOf(request.headers.authorization, request.socket.remoteAddress ?? '');
      if (write && !c.canWrite) throw new AuthError(403, 'forbidden', 'this API key may only read');
      return c;
    };
    const json = (reply: FastifyReply, body: unknown) => reply.code(200).type('application/json').send(JSON.stringify(body));

    routes.get('/-/healthy', async (_q, reply) => reply.code(200).type('text/plain').send('OK'));
    routes.get('/-/ready', async (_q, reply) => (service.isReady ? reply.code(200).type('text/plain').send('OK') : reply.code(503).send('not ready')));
    routes.post('/-/reload', async (request, reply) => {
      caller(request, true);
      try {
        await service.reload();
      } catch (error) {
        return reply.code(500).type('text/plain').send(`failed to reload config: ${(error as Error).message}`);
      }
      return reply.code(200).send();
    });

    routes.get('/api/v2/status', async (request, reply) => {
      caller(request);
      return json(reply, {
        cluster: { name: service.config.replicaId, status: 'ready', peers: await deps.peers() },
        versionInfo: VERSION_INFO,
        // Secrets shown as <secret>, as Alertmanager does: any tenant's key may read /status.
        config: { original: redactConfigSecrets(service.engines.currentConfig.original) },
        uptime: new Date(service.startedAtMillis).toISOString(),
      });
    });

    routes.get('/api/v2/receivers', async (request, reply) => {
      caller(request);
      return json(reply, service.engines.currentConfig.receivers.map((r) => ({ name: r.name })));
    });

    routes.post('/api/v2/alerts', async (request, reply) => {
      const { tenant } = caller(request, true);
      const posted = parseBody(postableAlertsSchema, request.body);
      const now = clock.now();
      const resolveTimeout = service.engines.currentConfig.resolveTimeoutMillis;
      const problems: string[] = [];
      const messages = [];
      const published = [];
      for (const [index, p] of posted.entries()) {
        const postable: PostableAlert = {
          labels: p.labels,
          annotations: p.annotations,
          startsAtMillis: timeOf(p.startsAt),
          endsAtMillis: timeOf(p.endsAt),
          generatorURL: p.generatorURL,
        };
        try {
          acceptPostedAlert(postable, now, resolveTimeout); // validation only: replicas apply the defaults from the message
        } catch (error) {
          problems.push(`alert ${index}: ${(error as Error).message}`);
          continue;
        }
        const message = messageOfPosted(tenant, postable, now);
        messages.push({ key: message.fingerprint, value: encodePayload(TOPICS.alerts, message) });
        published.push(message);
      }
      // As Alertmanager: the valid alerts are accepted even when others are rejected.
      if (messages.length > 0) {
        // Subscribe before publishing so a fast consumer cannot slip past the wait.
        const ingested = service.awaitIngested(published, INGEST_WAIT_MILLIS);
        await deps.publish(TOPICS.alerts, messages);
        await ingested;
      }
      if (problems.length > 0) throw new BadRequest(problems.join('; '));
      return reply.code(200).send();
    });

    routes.get('/api/v2/alerts', async (request, reply) => {
      const { tenant } = caller(request);
      const filter = alertFilter(request.query as Record<string, unknown>);
      const engine = service.engines.find(tenant);
      return json(reply, engine ? [...(await gettableAlerts(engine, filter, clock.now())).values()] : []);
    });

    routes.get('/api/v2/alerts/groups', async (request, reply) => {
      const { tenant } = caller(request);
      const filter = alertFilter(request.query as Record<string, unknown>);
      const engine = service.engines.find(tenant);
      return json(reply, engine ? await alertGroups(engine, filter, clock.now()) : []);
    });

    routes.get('/api/v2/silences', async (request, reply) => {
      const { tenant } = caller(request);
      const filter = matchersOf(request.query as Record<string, unknown>);
      const now = clock.now();
      const silences = await service.engines.get(tenant).silences.query(now);
      return json(reply, sortSilences(silences.filter((s) => silenceMatchesFilter(s, filter)).map((s) => gettableSilence(s, now))));
    });

    routes.post('/api/v2/silences', async (request, reply) => {
      const { tenant } = caller(request, true);
      const body = parseBody(postableSilenceSchema, request.body);
      let matchers: MatcherSpec[];
      try {
        matchers = body.matchers.map(matcherFromApi);
      } catch (error) {
        throw new BadRequest((error as Error).message);
      }
      const id = await service.engines.get(tenant).silences.set(
        { id: body.id || undefined, matchers, startsAtMillis: Date.parse(body.startsAt), endsAtMillis: Date.parse(body.endsAt), createdBy: body.createdBy, comment: body.comment },
        clock.now(),
      );
      service.wake();
      return json(reply, { silenceID: id });
    });

    routes.get('/api/v2/silence/:id', async (request, reply) => {
      const { tenant } = caller(request);
      const silence = await service.engines.get(tenant).silences.get((request.params as { id: string }).id);
      if (!silence) return reply.code(404).type('application/json').send(JSON.stringify('silence not found'));
      return json(reply, gettableSilence(silence, clock.now()));
    });

    routes.delete('/api/v2/silence/:id', async (request, reply) => {
      const { tenant } = caller(request, true);
      await service.engines.get(tenant).silences.expire((request.params as { id: string }).id, clock.now());
      service.wake();
      return reply.code(200).send();
    });
  });
}
