import { Module } from '@nestjs/common';
import { parseSection, type VigilConfig } from '@vigil/config';
import { CONFIG } from '@vigil/runtime';
import { SloMetricsConsumer } from './slo-metrics.consumer';
import { sloMonitorConfigSchema } from './slo-monitor.config';
import { SloMonitorService } from './slo-monitor.service';
import { SLO_MONITOR_CONFIG } from './slo-monitor.tokens';

/** slo-monitor: OpenSLO files in, burn-rate alerts and SLO status out. */
@Module({
  controllers: [SloMetricsConsumer],
  providers: [
    { provide: SLO_MONITOR_CONFIG, useFactory: (config: VigilConfig) => parseSection(config, 'slo-monitor', sloMonitorConfigSchema), inject: [CONFIG] },
    SloMonitorService,
  ],
  exports: [SloMonitorService],
})
export class SloMonitorModule {}
