export * from './events';
export * from './alert-inputs';
