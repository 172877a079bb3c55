import { Access1700000004000 } from './1700000004000-access';
import { Accounts1700000007100 } from './1700000007100-accounts';

export const ACCESS_MIGRATIONS = [Access1700000004000, Accounts1700000007100];
