/**
 * `cli demo` without commander: an application context with the command handlers and a frozen
 * ManualClock the loader drives through 2023, then closed. Used by the command and its test.
 */
import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ManualClock, type AppConfig } from '@banjie/platform';
import { CoreModule } from '@banjie/core';
import { CommandsModule } from '@banjie/application';
import { generateDemoScenario } from './demo-scenario';
import { demoDependencies, loadDemo, type DemoLoadOptions, type DemoLoadResult } from './load-demo';

export async function runDemo(config: AppConfig, options: Omit<DemoLoadOptions, 'driveClock'> = {}): Promise<DemoLoadResult> {
  const scenario = options.scenario ?? generateDemoScenario();
  const clock = new ManualClock(new Date(scenario.steps[0].occurredAt));

  @Module({ imports: [CoreModule.forRoot({ config, clock }), CommandsModule] })
  class DemoProcess {}

  Logger.overrideLogger(['error', 'warn']);
  const app = await NestFactory.createApplicationContext(DemoProcess, { logger: ['error', 'warn'] });
  try {
    return await loadDemo({ ...demoDependencies(app), clock }, { ...options, scenario, driveClock: true });
  } finally {
    await app.close();
  }
}
