import { Module } from '@nestjs/common';

/** The slo-monitor service's root module: its consumers, schedules and controllers are declared here. */
@Module({})
export class SloMonitorModule {}
