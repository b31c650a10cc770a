/**
 * Counters and gauges for `/metrics` (Prometheus text format 0.0.4). Hand-written because the
 * relay needs a dozen series, not a metrics library.
 */

const PERSIST_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] as const

export const ErrorKind = {
  badMessage: 'bad_message',
  textFrame: 'text_frame',
  socket: 'socket',
  persistence: 'persistence',
  compaction: 'compaction',
  awarenessDropped: 'awareness_dropped',
  viewerUpdateIgnored: 'viewer_update_ignored',
  /** Pending (dependency-less) updates dropped past their bounds; their senders were closed. */
  pendingDropped: 'pending_dropped',
  roomTooLarge: 'room_too_large',
  storageFull: 'storage_full',
  internal: 'internal',
  /** A facilitation message the connection's role may not send (a participant's command, a viewer's dots). */
  facilitationRefused: 'facilitation_refused',
  /** A participant changed a locked record; the relay wrote it back. */
  lockedEditUndone: 'locked_edit_undone',
  /** A version request refused (a viewer's, over the rate or the named limit) or not stored. */
  versionRefused: 'version_refused',
} as const
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind]

export class RelayMetrics {
  messagesIn = 0
  messagesOut = 0
  bytesIn = 0
  bytesOut = 0
  updatesStored = 0
  /** Of `messagesOut`: prepared frames written to the socket directly (`Connection.sendPrepared`). */
  framesWrittenDirect = 0
  /** Incoming updates that took the fast path, stored then relayed as they arrived (`Room.relayAsReceived`); counted before the append, which may still fail. */
  updatesRelayedAsReceived = 0
  roomsLoadedTotal = 0
  roomsUnloadedTotal = 0
  readonly errors = new Map<string, number>()
  /** Key: `${code}|${by}` where by is `relay` (we closed) or `client`. */
  readonly closes = new Map<string, number>()
  readonly compactions = new Map<string, number>()
  /** WAL checkpoints run in the worker, by result (`ok`, `busy`, `timeout`, `failed`). */
  readonly checkpoints = new Map<string, number>()
  /** New devices sent the stored rows (not a state encoded on the event loop). */
  fullSyncsFromStore = 0
  /** Versions stored, by who asked: `client`, or the relay's own `session-end` / `periodic`. */
  readonly versionsSaved = new Map<string, number>()
  private readonly persistBuckets = PERSIST_BUCKETS_SECONDS.map(() => 0)
  private persistCount = 0
  private persistSum = 0

  constructor(private readonly gauges: () => { rooms: number; connections: number }) {}

  error(kind: ErrorKind): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1)
  }

  closed(code: number, by: 'relay' | 'client'): void {
    const key = `${code}|${by}`
    this.closes.set(key, (this.closes.get(key) ?? 0) + 1)
  }

  compaction(result: 'ok' | 'timeout' | 'failed'): void {
    this.compactions.set(result, (this.compactions.get(result) ?? 0) + 1)
  }

  checkpoint(result: 'ok' | 'busy' | 'timeout' | 'failed'): void {
    this.checkpoints.set(result, (this.checkpoints.get(result) ?? 0) + 1)
  }

  versionSaved(by: 'client' | 'session-end' | 'periodic'): void {
    this.versionsSaved.set(by, (this.versionsSaved.get(by) ?? 0) + 1)
  }

  observePersist(seconds: number): void {
    this.persistCount++
    this.persistSum += seconds
    for (let i = 0; i < PERSIST_BUCKETS_SECONDS.length; i++) {
      if (seconds <= PERSIST_BUCKETS_SECONDS[i]) this.persistBuckets[i]++
    }
  }

  /** Number of closes with this code (any side). Handy in tests. */
  closesWithCode(code: number): number {
    let n = 0
    for (const [key, v] of this.closes) if (key.startsWith(`${code}|`)) n += v
    return n
  }

  render(): string {
    const { rooms, connections } = this.gauges()
    const lines: string[] = []
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
      for (const [labels, v] of samples) lines.push(`${name}${labels} ${v}`)
    }
    metric('circleboard_rooms_loaded', 'gauge', 'Rooms currently held in memory.', [['', rooms]])
    metric('circleboard_connections', 'gauge', 'Open WebSocket connections.', [['', connections]])
    metric('circleboard_rooms_loaded_total', 'counter', 'Rooms loaded into memory.', [['', this.roomsLoadedTotal]])
    metric('circleboard_rooms_unloaded_total', 'counter', 'Rooms unloaded from memory.', [['', this.roomsUnloadedTotal]])
    metric('circleboard_messages_in_total', 'counter', 'WebSocket messages received.', [['', this.messagesIn]])
    metric('circleboard_messages_out_total', 'counter', 'WebSocket messages sent.', [['', this.messagesOut]])
    metric('circleboard_bytes_in_total', 'counter', 'Bytes received in WebSocket messages.', [['', this.bytesIn]])
    metric('circleboard_bytes_out_total', 'counter', 'Bytes sent in WebSocket messages.', [['', this.bytesOut]])
    metric('circleboard_updates_stored_total', 'counter', 'Document updates appended to the log.', [['', this.updatesStored]])
    metric('circleboard_updates_relayed_as_received_total', 'counter', 'Incoming updates stored and relayed as received, before the rest of their transaction (fast path).', [['', this.updatesRelayedAsReceived]])
    metric('circleboard_frames_written_direct_total', 'counter', 'Messages written to the socket as one prepared WebSocket frame.', [['', this.framesWrittenDirect]])
    metric(
      'circleboard_errors_total',
      'counter',
      'Errors and rejected input, by kind.',
      [...this.errors].map(([kind, v]) => [`{kind="${kind}"}`, v]),
    )
    metric(
      'circleboard_closes_total',
      'counter',
      'Closed connections by close code and by who closed.',
      [...this.closes].map(([key, v]) => {
        const [code, by] = key.split('|')
        return [`{code="${code}",by="${by}"}`, v]
      }),
    )
    metric(
      'circleboard_compactions_total',
      'counter',
      'Snapshot compactions by result.',
      [...this.compactions].map(([result, v]) => [`{result="${result}"}`, v]),
    )
    metric(
      'circleboard_wal_checkpoints_total',
      'counter',
      'WAL checkpoints run off the event loop (in the compaction worker), by result.',
      [...this.checkpoints].map(([result, v]) => [`{result="${result}"}`, v]),
    )
    metric('circleboard_full_syncs_from_store_total', 'counter', 'New devices sent the stored rows of a large board.', [['', this.fullSyncsFromStore]])
    metric(
      'circleboard_versions_saved_total',
      'counter',
      'Board versions stored, by who asked (client, session-end, periodic).',
      [...this.versionsSaved].map(([by, v]) => [`{by="${by}"}`, v]),
    )
    lines.push(
      '# HELP circleboard_persist_seconds Time to append one update to SQLite (before it is relayed).',
      '# TYPE circleboard_persist_seconds histogram',
    )
    PERSIST_BUCKETS_SECONDS.forEach((le, i) => lines.push(`circleboard_persist_seconds_bucket{le="${le}"} ${this.persistBuckets[i]}`))
    lines.push(`circleboard_persist_seconds_bucket{le="+Inf"} ${this.persistCount}`)
    lines.push(`circleboard_persist_seconds_sum ${this.persistSum}`)
    lines.push(`circleboard_persist_seconds_count ${this.persistCount}`)
    return lines.join('\n') + '\n'
  }
}
