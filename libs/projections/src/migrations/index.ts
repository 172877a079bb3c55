import { Projections1700000001000 } from './1700000001000-projections';

export const PROJECTIONS_MIGRATIONS = [Projections1700000001000];
