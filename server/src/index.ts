/** Public API of @circleboard/server (tests, the CLI, scripts). */
export { startRelay, DEFAULT_STATIC_DIR, type Relay, type RelayOptions } from './relay/Relay'
export { DEFAULT_RELAY_LIMITS, LIMIT_ENV_VARS, resolveLimits, type RelayLimits } from './relay/limits'
export { RelayMetrics } from './relay/RelayMetrics'
export { configFromEnv, ConfigError, type RelayConfig } from './config'
export { createJsonLogger, createMemoryLogger, silentLogger, type Logger, type LogFields, type LogLevel } from './log'
export { openRoomDocReadOnly, listStoredRooms, applyStoredRoom } from './persistence/readOnly'
export { backupDatabase } from './persistence/backup'
export { DB_FILE_NAME, dbPath } from './persistence/schema'
