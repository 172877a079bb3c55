export * from './owned';
export * from './pg-cluster';
export * from './patroni-cluster';
export * from './ha-availability';
