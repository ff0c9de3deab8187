/**
 * The ingest service (a thin shell: consume → pure logic → produce/store → commit).
 * Exports its service definition for the runner, and the OTLP request schema the benchmark
 * encodes with; nothing else is imported from a service.
 */
export { ingestService } from './ingest.definition';
export { IngestModule } from './ingest.module';
export { ExportMetricsServiceRequestSchema } from './gen/opentelemetry/proto/collector/metrics/v1/metrics_service_pb';
