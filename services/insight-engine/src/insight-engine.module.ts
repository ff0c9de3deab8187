import { Module } from '@nestjs/common';

/** The insight-engine service's root module: its consumers, schedules and controllers are declared here. */
@Module({})
export class InsightEngineModule {}
