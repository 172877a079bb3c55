/**
 * The root every banjie process starts from: CoreModule (configuration, clock, the database with
 * every lib's schema, the buses, metrics) and the list of every lib's migrations. It sits above
 * the feature libs because it composes their schemas; libs/platform below them holds the tools
 * they share (configuration, clock, problems, logging, metrics).
 */
export * from './core.module';
export * from './migrations';
