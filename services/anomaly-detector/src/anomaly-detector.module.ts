import { Module } from '@nestjs/common';

/** The anomaly-detector service's root module: its consumers, schedules and controllers are declared here. */
@Module({})
export class AnomalyDetectorModule {}
