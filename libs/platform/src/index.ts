export * from './config/app-config';
export * from './clock/clock';
export * from './http/problem';
export * from './http/problem.filter';
export * from './core.module';
export * from './migrations';
export * from './process/graceful-shutdown';
