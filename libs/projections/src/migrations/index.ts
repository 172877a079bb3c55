import { Projections1700000001000 } from './1700000001000-projections';
import { ApiTables1700000002000 } from './1700000002000-api-tables';
import { ReadSide1700000006000 } from './1700000006000-read-side';

export const PROJECTIONS_MIGRATIONS = [Projections1700000001000, ApiTables1700000002000, ReadSide1700000006000];
