import { isDatabaseUnavailable, isRecoveryConflict, StandbyDatabaseError } from './database-faults';

/** Shapes of the errors node-postgres and TypeORM raise, as seen during a failover. */
const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('isDatabaseUnavailable', () => {
  it.each([
    [
      'a refused connection (HAProxy with no primary behind it, a stopped server)',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    ['a reset connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['a connection node-postgres saw die', new Error('Connection terminated unexpectedly')],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['the server shutting down (kill, pg_ctl stop)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a crash of another backend', pgError('57P02', 'terminating connection because of crash of another server process')],
    ['a server starting up or in recovery', pgError('57P03', 'the database system is starting up')],
    ['a write on a standby (nextval in a read-only transaction)', pgError('25006', 'cannot execute nextval() in a read-only transaction')],
    ['a connection exception of class 08', pgError('08006')],
    ['too many connections', pgError('53300')],
    ['TypeORM wrapping the driver error', Object.assign(new Error('query failed'), { driverError: pgError('57P01') })],
    ['an error with a cause', new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) })],
    ['refusing a standby at start', new StandbyDatabaseError('DATABASE_URL')],
  ])('%s → unavailable', (_what, error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', pgError('42601')],
    ['a missing table', pgError('42P01')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a message that only mentions a connection but carries a SQLSTATE', pgError('22P02', 'Connection terminated? no: invalid input')],
    ['nothing', undefined],
  ])('%s → not unavailable', (_what, error) => expect(isDatabaseUnavailable(error)).toBe(false));

  it('tells a hot standby cancelling a query for replay from other serialization failures', () => {
    expect(isRecoveryConflict(pgError('40001', 'canceling statement due to conflict with recovery'))).toBe(true);
    expect(isRecoveryConflict(pgError('40001', 'could not serialize access due to concurrent update'))).toBe(false);
  });
});
