/**
 * Every bound the relay enforces, with the environment variable that sets it. The wire-visible
 * defaults live in `@circleboard/shared` (the client explains them to people); the rest are
 * relay-internal.
 */
import { DEFAULT_LIMITS } from '@circleboard/shared'

export const DEFAULT_RELAY_LIMITS = {
  ...DEFAULT_LIMITS,
  /** Close-handshake grace: a socket we closed that does not finish the handshake is destroyed. */
  closeGraceMs: 5_000,
  /** Compact a room's update log into one snapshot once it holds this many updates. */
  compactAfterUpdates: 500,
  /** A compaction (merging updates in a worker) that takes longer is killed; the log stays as is. */
  compactionTimeoutMs: 20_000,
  /** Awareness client ids one connection may introduce (a normal tab uses one). */
  maxAwarenessIdsPerConnection: 8,
  /** Largest presence state (JSON text) kept and relayed; bigger ones are dropped. */
  maxAwarenessStateBytes: 64 * 1024,
  /**
   * Viewers (view-only links) get a much smaller presence: a cursor, a name and a selection fit
   * in a few KB, and every byte is fanned out to everyone in the room.
   */
  maxViewerAwarenessStateBytes: 8 * 1024,
  /** Presence bytes a viewer may send per second, and the burst above that; over it, states are dropped. */
  viewerAwarenessBytesPerSecond: 32 * 1024,
  viewerAwarenessByteBurst: 128 * 1024,
  /**
   * Updates whose dependencies the room lacks stay "pending" inside Yjs and are re-merged with
   * every further one (quadratic, on the main thread). Legitimately this lasts one round trip (an
   * edit sent before the client's sync step 2, or a change that reached a tab over
   * BroadcastChannel before it reached the relay). Past any of these bounds the pending data is
   * dropped and the connections that added it are closed to resync.
   */
  maxPendingBytes: 256 * 1024,
  /** Updates applied while something is pending (each costs a pass over the pending data). */
  maxPendingUpdates: 64,
  pendingTimeoutMs: 10_000,
  /** Compact a room once its log (since the last snapshot) holds this many bytes. */
  compactAfterBytes: 16 * 1024 * 1024,
  /** Bytes the whole database may use (every board); past it updates are refused. 0 = no limit. */
  maxStoredBytes: 8 * 1024 * 1024 * 1024,
  /**
   * WAL bytes written between two checkpoints, which run in the compaction worker on its own
   * connection (never on the relay's thread). About SQLite's own default (1000 pages).
   */
  walCheckpointBytes: 4 * 1024 * 1024,
  /**
   * SQLite's automatic checkpoint on the relay's connection, in WAL pages, kept only as a backstop:
   * it runs when the worker's checkpoints have not kept up (a long compaction ahead of them, a
   * crashed worker), so the WAL never grows past about this many 4 KiB pages.
   */
  walBackstopPages: 10_000,
  /** The compaction worker is ended after this long without a job (started again on demand). */
  workerIdleStopMs: 60_000,
  /**
   * A new device (empty state vector) joining a board stored at this size or more is sent the
   * stored rows as they are (snapshot, log rows, then an empty sync step 2) instead of a state
   * encoded on the event loop (`Room.sendStoredState`). 0: always encode.
   */
  fullSyncFromStoreBytes: 1024 * 1024,
} as const

export type RelayLimits = { -readonly [K in keyof typeof DEFAULT_RELAY_LIMITS]: number }

/** Environment variable for each limit. All are integers. */
export const LIMIT_ENV_VARS: { readonly [K in keyof RelayLimits]: string } = {
  maxPayloadBytes: 'MAX_PAYLOAD_BYTES',
  messagesPerSecond: 'MESSAGES_PER_SECOND',
  messageBurst: 'MESSAGE_BURST',
  maxConnectionsPerRoom: 'MAX_CONNECTIONS_PER_ROOM',
  maxConnectionsTotal: 'MAX_CONNECTIONS_TOTAL',
  maxRoomsInMemory: 'MAX_ROOMS_IN_MEMORY',
  roomIdleMs: 'ROOM_IDLE_MS',
  maxBufferedBytes: 'MAX_BUFFERED_BYTES',
  pingIntervalMs: 'PING_INTERVAL_MS',
  closeGraceMs: 'CLOSE_GRACE_MS',
  compactAfterUpdates: 'COMPACT_AFTER_UPDATES',
  compactionTimeoutMs: 'COMPACTION_TIMEOUT_MS',
  maxAwarenessIdsPerConnection: 'MAX_AWARENESS_IDS_PER_CONNECTION',
  maxAwarenessStateBytes: 'MAX_AWARENESS_STATE_BYTES',
  bytesPerSecond: 'BYTES_PER_SECOND',
  byteBurst: 'BYTE_BURST',
  maxRoomBytes: 'MAX_ROOM_BYTES',
  maxViewerAwarenessStateBytes: 'MAX_VIEWER_AWARENESS_STATE_BYTES',
  viewerAwarenessBytesPerSecond: 'VIEWER_AWARENESS_BYTES_PER_SECOND',
  viewerAwarenessByteBurst: 'VIEWER_AWARENESS_BYTE_BURST',
  maxPendingBytes: 'MAX_PENDING_BYTES',
  maxPendingUpdates: 'MAX_PENDING_UPDATES',
  pendingTimeoutMs: 'PENDING_TIMEOUT_MS',
  compactAfterBytes: 'COMPACT_AFTER_BYTES',
  maxStoredBytes: 'MAX_STORED_BYTES',
  walCheckpointBytes: 'WAL_CHECKPOINT_BYTES',
  walBackstopPages: 'WAL_BACKSTOP_PAGES',
  workerIdleStopMs: 'WORKER_IDLE_STOP_MS',
  fullSyncFromStoreBytes: 'FULL_SYNC_FROM_STORE_BYTES',
}

export function resolveLimits(partial: Partial<RelayLimits> | undefined): RelayLimits {
  const limits: RelayLimits = { ...DEFAULT_RELAY_LIMITS }
  for (const key of Object.keys(DEFAULT_RELAY_LIMITS) as (keyof RelayLimits)[]) {
    const v = partial?.[key]
    if (v === undefined) continue
    if (!Number.isFinite(v) || v < 0) throw new Error(`Relay limit ${key} must be a number >= 0 (got ${String(v)}).`)
    limits[key] = v
  }
  // A burst smaller than what it must let through would refuse every such message, forever:
  // the client would reconnect, resend and be closed again.
  if (limits.byteBurst < limits.maxPayloadBytes) {
    throw new Error(
      `${LIMIT_ENV_VARS.byteBurst} (${limits.byteBurst}) must be at least ${LIMIT_ENV_VARS.maxPayloadBytes} (${limits.maxPayloadBytes}), or a message of the largest allowed size could never pass.`,
    )
  }
  if (limits.viewerAwarenessByteBurst < limits.maxViewerAwarenessStateBytes) {
    throw new Error(
      `${LIMIT_ENV_VARS.viewerAwarenessByteBurst} (${limits.viewerAwarenessByteBurst}) must be at least ${LIMIT_ENV_VARS.maxViewerAwarenessStateBytes} (${limits.maxViewerAwarenessStateBytes}).`,
    )
  }
  return limits
}
