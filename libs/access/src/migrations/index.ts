import { Access1700000004000 } from './1700000004000-access';

export const ACCESS_MIGRATIONS = [Access1700000004000];
