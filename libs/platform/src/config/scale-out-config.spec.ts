import { ConfigError, loadConfig } from './app-config';

describe('configuration of read replicas and the direct connection', () => {
  const primary = 'postgres://banjie@haproxy:5000/banjie';

  it('reads READ_DATABASE_URL as one URL or a comma-separated list, with the lag bound and check interval', () => {
    expect(loadConfig({ DATABASE_URL: primary }).readDatabaseUrls).toEqual([]);
    const one = loadConfig({ DATABASE_URL: primary, READ_DATABASE_URL: 'postgres://banjie@haproxy:5001/banjie' });
    expect(one.readDatabaseUrls).toEqual(['postgres://banjie@haproxy:5001/banjie']);
    expect([one.readMaxLagSeconds, one.readCheckIntervalMs]).toEqual([10, 2000]);
    const two = loadConfig({
      DATABASE_URL: primary,
      READ_DATABASE_URL: ' postgres://r1/banjie , postgresql://r2:5433/banjie ,',
      READ_MAX_LAG_SECONDS: '3',
      READ_CHECK_INTERVAL_MS: '500',
    });
    expect(two.readDatabaseUrls).toEqual(['postgres://r1/banjie', 'postgresql://r2:5433/banjie']);
    expect([two.readMaxLagSeconds, two.readCheckIntervalMs]).toEqual([3, 500]);
  });

  it('refuses a replica list it cannot use, naming the variable and never echoing a password', () => {
    const fails = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).message;
      }
      throw new Error('accepted');
    };
    expect(fails({ DATABASE_URL: primary, READ_DATABASE_URL: 'postgres://r1/db,not a url:secret' })).toMatch(/^READ_DATABASE_URL: entry 2/);
    expect(fails({ DATABASE_URL: primary, READ_DATABASE_URL: 'postgres://r1/db,not a url:secret' })).not.toContain('secret');
    expect(fails({ DATABASE_URL: primary, READ_DATABASE_URL: 'mysql://r1/db' })).toMatch(/READ_DATABASE_URL: entry 1: protocol mysql:/);
    expect(fails({ READ_DATABASE_URL: 'postgres://r1/db' })).toMatch(/READ_DATABASE_URL: needs DATABASE_URL/);
    expect(fails({ DATABASE_URL: primary, READ_MAX_LAG_SECONDS: '-1' })).toMatch(/READ_MAX_LAG_SECONDS/);
  });

  it('takes DATABASE_DIRECT_URL for the session-level connections when DATABASE_URL is a pgbouncer', () => {
    expect(loadConfig({ DATABASE_URL: primary }).directDatabaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://b@pgbouncer:6432/banjie', DATABASE_DIRECT_URL: primary }).directDatabaseUrl).toBe(
      primary,
    );
    expect(() => loadConfig({ DATABASE_DIRECT_URL: primary })).toThrow(/DATABASE_DIRECT_URL: needs DATABASE_URL/);
  });
});
