/**
 * Relay settings from environment variables. Every limit has one (see `LIMIT_ENV_VARS`).
 * Bad values stop the start with a message naming the variable, rather than running with a
 * silently different bound.
 */
import path from 'node:path'
import { isLogLevel, type LogLevel } from './log'
import { LIMIT_ENV_VARS, type RelayLimits } from './relay/limits'
import type { RelayOptions } from './relay/Relay'
import type { VersionsConfig } from './relay/RoomVersions'

export type RelayConfig = RelayOptions & { host: string; port: number; logLevel: LogLevel }

export class ConfigError extends Error {
  override name = 'ConfigError'
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max} (got "${raw}").`)
  }
  return n
}

/** VERSIONS_KEEP_AUTO, VERSIONS_KEEP_DAILY_DAYS, VERSIONS_PERIODIC_MINUTES (0 = no periodic versions). */
function versionsFromEnv(env: NodeJS.ProcessEnv): Partial<VersionsConfig> {
  const out: Partial<VersionsConfig> = {}
  const keepAuto = intFromEnv(env, 'VERSIONS_KEEP_AUTO', 0, 100_000)
  if (keepAuto !== undefined) out.keepAuto = keepAuto
  const keepDailyDays = intFromEnv(env, 'VERSIONS_KEEP_DAILY_DAYS', 0, 100_000)
  if (keepDailyDays !== undefined) out.keepDailyDays = keepDailyDays
  const minutes = intFromEnv(env, 'VERSIONS_PERIODIC_MINUTES', 0, 7 * 24 * 60)
  if (minutes !== undefined) out.periodicMs = minutes * 60_000
  return out
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): RelayConfig {
  const limits: Partial<RelayLimits> = {}
  for (const [key, name] of Object.entries(LIMIT_ENV_VARS) as [keyof RelayLimits, string][]) {
    const v = intFromEnv(env, name, 0, Number.MAX_SAFE_INTEGER)
    if (v !== undefined) limits[key] = v
  }
  const sync = (env.SQLITE_SYNCHRONOUS ?? 'NORMAL').toUpperCase()
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new ConfigError(`SQLITE_SYNCHRONOUS must be NORMAL or FULL (got "${env.SQLITE_SYNCHRONOUS}").`)
  const logLevel = env.LOG_LEVEL ?? 'info'
  if (!isLogLevel(logLevel)) throw new ConfigError(`LOG_LEVEL must be debug, info, warn or error (got "${logLevel}").`)
  const origins = (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  return {
    host: env.HOST?.trim() || '127.0.0.1',
    port: intFromEnv(env, 'PORT', 0, 65535) ?? 8787,
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || './data'),
    staticDir: env.STATIC_DIR?.trim() ? path.resolve(cwd, env.STATIC_DIR.trim()) : undefined,
    allowedOrigins: origins.length > 0 ? origins : undefined,
    sqliteSynchronous: sync,
    logLevel,
    limits,
    versions: versionsFromEnv(env),
  }
}
