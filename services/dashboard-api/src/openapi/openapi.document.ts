import { Injectable } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SHARED_SCHEMAS } from '../http/schema';

/**
 * The OpenAPI 3.1 document, generated once from the controllers' decorators. The runner owns the
 * Nest application, so the scanner is given the pieces of it that it reads (the module
 * container, the application config and the HTTP adapter) instead of the app itself.
 */
@Injectable()
export class OpenApiDocument {
  private document: OpenAPIObject | undefined;

  constructor(
    private readonly modules: ModulesContainer,
    private readonly applicationConfig: ApplicationConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  get(rootModules: readonly unknown[]): OpenAPIObject {
    if (this.document) return this.document;
    const config = new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('Vigil dashboard API')
      .setDescription('Everything Vigil knows: metrics, traces, logs, anomalies, forecasts, SLOs, alerts, incidents, insights and dashboards. Errors are RFC 9457 problem+json.')
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key' }, 'bearer')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'apiKey')
      .build();
    const app = {
      container: { getModules: () => this.modules, isGlobalModule: () => false },
      config: this.applicationConfig,
      getHttpAdapter: () => this.adapterHost.httpAdapter,
    };
    const document = SwaggerModule.createDocument(app as never, config, { include: rootModules as never, ignoreGlobalPrefix: true });
    document.components = { ...document.components, schemas: { ...(document.components?.schemas ?? {}), ...(SHARED_SCHEMAS as Record<string, object>) } };
    this.document = document;
    return this.document;
  }
}
