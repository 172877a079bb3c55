import { Module } from '@nestjs/common';
import { HealthHttpController } from './health/health.http-controller';

/** The HTTP API: commands in, queries out. */
@Module({
  controllers: [HealthHttpController],
})
export class ApiModule {}
