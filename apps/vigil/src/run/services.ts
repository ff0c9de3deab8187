import { alertCorrelatorService } from '@vigil/alert-correlator';
import { anomalyDetectorService } from '@vigil/anomaly-detector';
import { capacityPlannerService } from '@vigil/capacity-planner';
import type { ServiceName } from '@vigil/config';
import { dashboardApiService } from '@vigil/dashboard-api';
import { ingestService } from '@vigil/ingest';
import { insightEngineService } from '@vigil/insight-engine';
import type { ServiceDefinition } from '@vigil/runtime';
import { sloMonitorService } from '@vigil/slo-monitor';

/**
 * The seven services, in start order: producers of derived events start after the writers
 * and before the API, and the runner stops them in reverse.
 */
export const SERVICES: Record<ServiceName, ServiceDefinition> = {
  ingest: ingestService,
  'anomaly-detector': anomalyDetectorService,
  'capacity-planner': capacityPlannerService,
  'slo-monitor': sloMonitorService,
  'alert-correlator': alertCorrelatorService,
  'insight-engine': insightEngineService,
  'dashboard-api': dashboardApiService,
};
