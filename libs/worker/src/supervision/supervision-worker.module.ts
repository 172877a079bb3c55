import { Module } from '@nestjs/common';
import { AlertsWorker } from './alerts.worker';
import { loadScheduleSettings, SUPERVISION_SCHEDULE } from './schedule-settings';

/** The alerts read model's maintainer (subscription + schedule). */
@Module({
  providers: [{ provide: SUPERVISION_SCHEDULE, useFactory: () => loadScheduleSettings() }, AlertsWorker],
  exports: [AlertsWorker, SUPERVISION_SCHEDULE],
})
export class SupervisionWorkerModule {}
