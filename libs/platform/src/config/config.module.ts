import { ConfigModule } from '@nestjs/config';
import type { AppConfig } from './app-config';

/** The namespace the settings live under in @nestjs/config: `config.get('app.port')`. */
export const APP_CONFIG_NAMESPACE = 'app';

/** What `ConfigService<BanjieSettings, true>` knows: `config.get('app', { infer: true }).port`. */
export interface BanjieSettings {
  app: AppConfig;
}

/**
 * @nestjs/config, fed by `loadConfig` — the one schema (typed, defaulted, validated) that every
 * process runs before Nest starts, so a bad value stops it with one line naming the variable
 * before anything opens. The environment is the only source: no `.env` file is read (an operator
 * sets variables in compose / systemd, and a stray file cannot change a server's behaviour).
 */
export function appConfigModule(config: AppConfig) {
  return ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    validatePredefined: false,
    cache: true,
    load: [() => ({ [APP_CONFIG_NAMESPACE]: config })],
  });
}
