import { Module } from '@nestjs/common';
import { DashboardHttpController } from './dashboard.http-controller';

/** The supervision dashboard page at `/` (see docs/dashboard.md). */
@Module({ controllers: [DashboardHttpController] })
export class DashboardModule {}
