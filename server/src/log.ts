/**
 * Structured logs: one JSON object per line, so an operator can pipe stdout into any log tool.
 * The relay takes a `Logger` so tests can silence it or capture what it says.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
}

const LEVEL_RANK = { debug: 10, info: 20, warn: 30, error: 40 } as const

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && value in LEVEL_RANK
}

/** Errors do not survive JSON.stringify; keep their name and message (never the stack by default). */
function toJsonSafe(fields: LogFields | undefined): LogFields {
  if (!fields) return {}
  const out: LogFields = {}
  for (const [k, v] of Object.entries(fields)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message } : v
  }
  return out
}

export function createJsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
  minLevel: LogLevel = 'info',
): Logger {
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (LEVEL_RANK[level] < LEVEL_RANK[minLevel]) return
    let line: string
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...toJsonSafe(fields) })
    } catch {
      // A circular or BigInt field must not take the relay down with it.
      line = JSON.stringify({ time: new Date().toISOString(), level, msg, fields: 'unserializable' })
    }
    write(line + '\n')
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  }
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
}

/** A logger that keeps entries in memory, for tests that assert what was logged. */
export function createMemoryLogger(): Logger & { entries: { level: LogLevel; msg: string; fields: LogFields }[] } {
  const entries: { level: LogLevel; msg: string; fields: LogFields }[] = []
  const push = (level: LogLevel) => (msg: string, fields?: LogFields) => {
    entries.push({ level, msg, fields: fields ?? {} })
  }
  return { entries, debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') }
}
