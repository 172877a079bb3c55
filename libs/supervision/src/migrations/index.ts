import { Supervision1700000003000 } from './1700000003000-supervision';

export const SUPERVISION_MIGRATIONS = [Supervision1700000003000];
