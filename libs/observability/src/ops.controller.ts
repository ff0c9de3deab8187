import { Controller, Get, Header, HttpStatus, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import { HealthRegistry } from './health';

/** DI tokens for the process-wide health and metrics registries. */
export const HEALTH = Symbol.for('vigil.health');
export const METRICS = Symbol.for('vigil.metrics');

/**
 * `/health` (200 when up, 503 otherwise, with each service and dependency) and Prometheus
 * `/metrics`, mounted in every service's HTTP app.
 */
@Controller()
export class OpsController {
  constructor(
    @Inject(HEALTH) private readonly health: HealthRegistry,
    @Inject(METRICS) private readonly metrics: Registry,
  ) {}

  @Get('health')
  async getHealth(@Res() reply: FastifyReply): Promise<void> {
    const report = await this.health.report();
    await reply.status(report.status === 'down' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK).send(report);
  }

  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async getMetrics(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('Content-Type', this.metrics.contentType).send(await this.metrics.metrics());
  }
}
