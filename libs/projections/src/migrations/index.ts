import { Projections1700000001000 } from './1700000001000-projections';
import { ApiTables1700000002000 } from './1700000002000-api-tables';

export const PROJECTIONS_MIGRATIONS = [Projections1700000001000, ApiTables1700000002000];
