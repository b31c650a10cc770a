import { describe, expect, it } from 'vitest'
import { configFromEnv, ConfigError } from './config'
import { DEFAULT_RELAY_LIMITS, LIMIT_ENV_VARS } from './relay/limits'

describe('configFromEnv', () => {
  it('has the documented defaults', () => {
    const c = configFromEnv({}, '/srv/cb')
    expect(c.host).toBe('127.0.0.1')
    expect(c.port).toBe(8787)
    expect(c.dataDir).toBe('/srv/cb/data')
    expect(c.staticDir).toBeUndefined()
    expect(c.allowedOrigins).toBeUndefined()
    expect(c.sqliteSynchronous).toBe('NORMAL')
    expect(c.limits).toEqual({})
  })

  it('reads every limit from its own variable', () => {
    const env: Record<string, string> = {}
    const expected: Record<string, number> = {}
    Object.entries(LIMIT_ENV_VARS).forEach(([key, name], i) => {
      env[name] = String(i + 1)
      expected[key] = i + 1
    })
    expect(configFromEnv(env).limits).toEqual(expected)
    expect(Object.keys(LIMIT_ENV_VARS).sort()).toEqual(Object.keys(DEFAULT_RELAY_LIMITS).sort())
  })

  it('reads the rest and refuses nonsense with the variable name', () => {
    const c = configFromEnv(
      { PORT: '0', HOST: '0.0.0.0', DATA_DIR: 'x/y', ALLOWED_ORIGINS: 'https://a.example, https://b.example', SQLITE_SYNCHRONOUS: 'full' },
      '/w',
    )
    expect(c.port).toBe(0)
    expect(c.host).toBe('0.0.0.0')
    expect(c.dataDir).toBe('/w/x/y')
    expect(c.allowedOrigins).toEqual(['https://a.example', 'https://b.example'])
    expect(c.sqliteSynchronous).toBe('FULL')
    expect(() => configFromEnv({ PORT: '70000' })).toThrow(/PORT/)
    expect(() => configFromEnv({ ROOM_IDLE_MS: '1.5' })).toThrow(ConfigError)
    expect(() => configFromEnv({ MAX_PAYLOAD_BYTES: 'lots' })).toThrow(/MAX_PAYLOAD_BYTES/)
    expect(() => configFromEnv({ SQLITE_SYNCHRONOUS: 'OFF' })).toThrow(/SQLITE_SYNCHRONOUS/)
    expect(() => configFromEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/)
  })

  it('reads version retention and the periodic interval', () => {
    expect(configFromEnv({}).versions).toEqual({})
    expect(configFromEnv({ VERSIONS_KEEP_AUTO: '10', VERSIONS_KEEP_DAILY_DAYS: '30', VERSIONS_PERIODIC_MINUTES: '0' }).versions).toEqual({
      keepAuto: 10,
      keepDailyDays: 30,
      periodicMs: 0,
    })
    expect(configFromEnv({ VERSIONS_PERIODIC_MINUTES: '15' }).versions).toEqual({ periodicMs: 15 * 60_000 })
    expect(() => configFromEnv({ VERSIONS_KEEP_AUTO: '-1' })).toThrow(/VERSIONS_KEEP_AUTO/)
    expect(() => configFromEnv({ VERSIONS_PERIODIC_MINUTES: 'hourly' })).toThrow(/VERSIONS_PERIODIC_MINUTES/)
  })
})
