import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { BusPublisher } from '@vigil/bus';
import type { VigilConfig } from '@vigil/config';
import type { Logger } from '@vigil/observability';
import { CLOCK, CONFIG, LOGGER, STATE, type Clock } from '@vigil/runtime';
import type { StateStore } from '@vigil/state';
import { textValue, valueText } from '@vigil/state';
import { AlertCorrelatorService } from '../alert-correlator.service';
import { registerAlertmanagerRoutes } from './am-routes';
import { TenantAuth } from './tenant-auth';

const PEERS_PREFIX = 'alert-correlator/peers/';
const PEER_TTL_MILLIS = 30_000;

/**
 * Mounts the Alertmanager API v2 on the service's Fastify app, and keeps this replica listed
 * among the peers (`GET /api/v2/status` → cluster.peers) with a presence key that expires when
 * the replica stops renewing it.
 */
@Injectable()
export class AlertmanagerApiService implements OnModuleInit {
  private presence?: NodeJS.Timeout;

  constructor(
    @Inject(CONFIG) private readonly config: VigilConfig,
    @Inject(STATE) private readonly state: StateStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly service: AlertCorrelatorService,
    private readonly publisher: BusPublisher,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    registerAlertmanagerRoutes(app, {
      service: this.service,
      auth: new TenantAuth(this.config.auth.apiKeys, this.config.auth.anonymousLoopbackTenant),
      clock: this.clock,
      logger: this.logger,
      publish: (topic, messages) => this.publisher.publish(topic, messages),
      peers: () => this.peers(),
    });
    const announce = () => void this.announce();
    announce();
    this.presence = setInterval(announce, PEER_TTL_MILLIS / 3);
    this.presence.unref();
  }

  onApplicationShutdown(): void {
    if (this.presence) clearInterval(this.presence);
    void this.state.delete(PEERS_PREFIX + this.service.config.replicaId).catch(() => false);
  }

  private async announce(): Promise<void> {
    const { host, port } = this.config.listen.alertmanagerApi;
    await this.state.set(PEERS_PREFIX + this.service.config.replicaId, textValue(`${host}:${port}`), { ttlMillis: PEER_TTL_MILLIS }).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'peer presence not written');
    });
  }

  private async peers(): Promise<{ name: string; address: string }[]> {
    const entries = await this.state.scan(PEERS_PREFIX);
    return entries.map((e) => ({ name: e.key.slice(PEERS_PREFIX.length), address: valueText(e.value) ?? '' }));
  }
}
