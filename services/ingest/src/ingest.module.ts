import { Module } from '@nestjs/common';

/** The ingest service's root module: its consumers, schedules and controllers are declared here. */
@Module({})
export class IngestModule {}
