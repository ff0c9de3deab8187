import { Module } from '@nestjs/common';
import { parseSection, type VigilConfig } from '@vigil/config';
import { CONFIG } from '@vigil/runtime';
import { alertCorrelatorConfigSchema } from './alert-correlator.config';
import { AlertCorrelatorService } from './alert-correlator.service';
import { ALERT_CORRELATOR_CONFIG } from './alert-correlator.tokens';
import { AlertsConsumer } from './alerts.consumer';
import { AlertmanagerApiService } from './api/am-api.service';
import { IncidentsService } from './incidents/incidents.service';

/** alert-correlator: alerts in; notifications, incidents and Alertmanager's API v2 out. */
@Module({
  controllers: [AlertsConsumer],
  providers: [
    { provide: ALERT_CORRELATOR_CONFIG, useFactory: (config: VigilConfig) => parseSection(config, 'alert-correlator', alertCorrelatorConfigSchema), inject: [CONFIG] },
    IncidentsService,
    AlertCorrelatorService,
    AlertmanagerApiService,
  ],
  exports: [AlertCorrelatorService],
})
export class AlertCorrelatorModule {}
