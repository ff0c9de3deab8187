import { Module } from '@nestjs/common';

/** The dashboard-api service's root module: its consumers, schedules and controllers are declared here. */
@Module({})
export class DashboardApiModule {}
