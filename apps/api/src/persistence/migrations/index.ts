import { ApiTables1700000002000 } from './1700000002000-api-tables';

export const API_MIGRATIONS = [ApiTables1700000002000];
