import { Module } from '@nestjs/common';

/** The alert-correlator service's root module: its consumers, schedules and controllers are declared here. */
@Module({})
export class AlertCorrelatorModule {}
