/**
 * One open board: the Y.Doc, its IndexedDB copy, the relay connection, the tldraw store bound to
 * the doc, and presence. Everything a board page needs to show and to tell a person how safe
 * their work is.
 *
 * Order matters: the doc is loaded from IndexedDB first (so a board opens with the relay down),
 * then the store is bound to it, then the relay connects, so whatever the relay sends arrives
 * through the same binding as any other remote change.
 */
import * as Y from 'yjs'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import { atom, createTLStore, defaultBindingUtils, defaultShapeUtils, squashRecordDiffs, type Editor, type RecordsDiff, type TLRecord, type TLStore } from 'tldraw'
import { FACILITATOR_SOCKET_PARAM, VERSIONS_MESSAGE_TYPE, describeCloseCode, getBoardName, relayHasAllOf, setBoardName, type Role } from '@circleboard/shared'
import { localDbName } from './localDb'
import { fetchRelaySnapshot } from './relayApi'
import { customShapeUtils } from '../shapes'
import { bindStoreToDoc, type BoardBinding } from '../sync/binding'
import { isPrivateRecord } from '../facilitation/privateWriting'
import { stopUrlFetches } from '../sync/externalUrls'
import { bindPresence, readPeople, type Person, type PresenceUser } from './presence'
import { createOfflineFacilitation, type FacilitationHandle } from '../facilitation/api'
import { FacilitationClient, providerTransport } from '../facilitation/FacilitationClient'
import { afterFirstFrame, type AfterFirstFrame } from './afterFirstFrame'
import { SNAPSHOT_KEY, loadBoardSnapshot, readBoardSnapshot, type BoardSnapshot } from './storeSnapshot'
import type { SnapshotSaver } from './snapshotSaver'
import { loadPart } from './loadPart'

/**
 * A board's Y.Doc and its IndexedDB copy, with this device's picture of the board (a store
 * snapshot, storeSnapshot.ts) read first. When there is a picture, the doc is read only when the
 * session asks (`openDoc`, once the canvas has painted); when there is none, at once. BoardPage
 * opens it before the facilitator key is known (that is another IndexedDB read), so the reads
 * overlap.
 */
export interface LocalDoc {
  doc: Y.Doc
  /** This device's picture of the board; null when there is none or it cannot be read. */
  snapshot: Promise<BoardSnapshot | null>
  /** Starts reading the doc from IndexedDB (once). null when IndexedDB cannot be opened at all (the board still works live). */
  openDoc(): IndexeddbPersistence | null
  /** The doc's IndexedDB copy, once openDoc has run. */
  readonly idb: IndexeddbPersistence | null
  /** Closes whatever was opened and destroys the doc. */
  close(): void
}

export function openLocalDoc(key: string, mode: 'edit' | 'view'): LocalDoc {
  const name = localDbName(key, mode)
  const doc = new Y.Doc()
  let idb: IndexeddbPersistence | null = null
  let opened = false
  let closed = false
  const local: LocalDoc = {
    doc,
    get idb() {
      return idb
    },
    openDoc() {
      if (opened || closed) return idb
      opened = true
      try {
        idb = new IndexeddbPersistence(name, doc)
      } catch {
        idb = null
      }
      return idb
    },
    close() {
      if (closed) return
      closed = true
      void idb?.destroy()
      doc.destroy()
    },
    // No picture: nothing to show first, so the doc is read at once.
    snapshot: readBoardSnapshot(name).then((snapshot) => {
      if (!snapshot) local.openDoc()
      return snapshot
    }),
  }
  return local
}

/**
 * The board in the page's address, opened by main.tsx before React renders anything (the local
 * read then starts a frame or two earlier). Taken by the first BoardPage for the same board; closed
 * if another board asks, or if nothing takes it within `PREOPEN_KEEP_MS` (the name dialog may stand
 * first; an open IndexedDB connection would hold up deleting the board from this device).
 */
let preopened: { key: string; mode: 'edit' | 'view'; local: LocalDoc; timer: ReturnType<typeof setTimeout> } | null = null
export const PREOPEN_KEEP_MS = 10_000

export function preopenLocalDoc(key: string, mode: 'edit' | 'view'): LocalDoc {
  dropPreopened()
  const local = openLocalDoc(key, mode)
  preopened = { key, mode, local, timer: setTimeout(dropPreopened, PREOPEN_KEEP_MS) }
  return local
}

/** The preopened copy of this board, once; otherwise a new one. */
export function takeLocalDoc(key: string, mode: 'edit' | 'view'): LocalDoc {
  const p = preopened
  if (p && p.key === key && p.mode === mode) {
    clearTimeout(p.timer)
    preopened = null
    return p.local
  }
  dropPreopened()
  return openLocalDoc(key, mode)
}

function dropPreopened() {
  if (!preopened) return
  clearTimeout(preopened.timer)
  preopened.local.close()
  preopened = null
}

/**
 * Opening a board this device already has: the relay connects once the first frame is painted and
 * the page is idle (at most 3 s after that frame), or 4 s after the board was read if no canvas
 * mounts.
 */
export const FIRST_CONNECT_TIMES = { fallbackMs: 4000, idleTimeoutMs: 3000 }

/**
 * Opening on this device's picture of the board: the doc is read once the canvas has painted and
 * tldraw has laid the board out (the page is idle, 1 s at most), or 2 s after the start if no
 * canvas mounts.
 */
export const DOC_READ_TIMES = { fallbackMs: 2000, idleTimeoutMs: 1000 }

export type RelayStatus = 'connecting' | 'connected' | 'synced' | 'offline' | 'stopped'

export interface SessionState {
  /** Where the relay connection stands. `synced` = everything the relay has, we have. */
  relay: RelayStatus
  /** Whether the board is stored in this browser (IndexedDB). */
  local: 'loading' | 'saved' | 'unavailable'
  /** A plain-language problem to show, if any. */
  problem: string | null
  /** The board cannot be edited by this version of the app (newer schema). */
  blocked: string | null
  people: Person[]
  boardName: string
  invalidRecords: number
  /**
   * Whether this device holds changes the relay does not have yet: `false` once the relay's own
   * snapshot has been checked to contain everything, `true` after a local change until then.
   */
  pendingChanges: boolean
}

export interface SessionOptions {
  /** The room id (edit) or view token (view-only). */
  key: string
  mode: 'edit' | 'view'
  user: PresenceUser
  /** Base websocket URL without the room, e.g. ws://host/sync. Defaults to this origin. */
  relayUrl?: string | null
  /** This device's facilitator key for the board (edit mode only); sent on the socket as `?fac=`. */
  facilitatorKey?: string | null
  /** The relay gave less than facilitator for that key; return true to say nothing about it. */
  onFacilitatorRefused?: (notice: string | undefined) => boolean | void
  /** The doc and its IndexedDB copy, already loading (openLocalDoc); the session owns it from here. */
  local?: LocalDoc
  /** This device's picture of the board (LocalDoc.snapshot): the canvas shows it before the doc is read. */
  snapshot?: BoardSnapshot | null
}

/** The role a link asks for, before the relay has answered. */
export function requestedRole(mode: 'edit' | 'view', facilitatorKey: string | null | undefined): Role {
  if (mode === 'view') return 'viewer'
  return facilitatorKey ? 'facilitator' : 'participant'
}

export const allShapeUtils = [...defaultShapeUtils, ...customShapeUtils]

/** Each shape type's default props (the binding rebuilds an invalid shape from them). */
const shapeDefaults = new Map<string, Record<string, unknown>>()
export function defaultShapeProps(type: string): Record<string, unknown> | undefined {
  if (shapeDefaults.size === 0) {
    for (const Util of allShapeUtils) {
      try {
        shapeDefaults.set(Util.type, new Util(null as never).getDefaultProps() as unknown as Record<string, unknown>)
      } catch {
        // a util that needs an editor for its defaults: its shapes are not rebuilt, only hidden
      }
    }
  }
  return shapeDefaults.get(type)
}

export function defaultRelayBase(mode: 'edit' | 'view'): string | null {
  const configured = import.meta.env.VITE_RELAY_URL as string | undefined
  if (configured === '') return null
  const base = configured ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`
  return `${base.replace(/\/$/, '')}/${mode === 'edit' ? 'sync' : 'view'}`
}


export class BoardSession {
  readonly doc: Y.Doc
  readonly store: TLStore
  readonly $online = atom<'online' | 'offline'>('online', 'offline')
  readonly $mode: ReturnType<typeof atom<'readonly' | 'readwrite'>>
  private idb: IndexeddbPersistence | null = null
  provider: WebsocketProvider | null = null
  private binding: BoardBinding | null = null
  private presence: ReturnType<typeof bindPresence> | null = null
  private listeners = new Set<() => void>()
  private disposed = false
  private state: SessionState = {
    relay: 'connecting',
    local: 'loading',
    problem: null,
    blocked: null,
    people: [],
    boardName: '',
    invalidRecords: 0,
    pendingChanges: false,
  }
  private checkTimer: ReturnType<typeof setTimeout> | null = null
  private checking: AbortController | null = null
  /** Role, facilitation state and the relay's clock (a FacilitationClient when there is a relay). */
  readonly facilitation: FacilitationHandle
  private facilitationClient: FacilitationClient | null = null
  private readonly relayBase: string | null
  /** The relay's first connect, waiting for the first painted frame (an existing board only). */
  private firstConnect: AfterFirstFrame | null = null
  /** Shown from the picture: reading the doc, waiting for the first painted frame. */
  private docRead: AfterFirstFrame | null = null
  private painted = false
  private local: LocalDoc | null
  /**
   * The canvas can show before the doc is read: the store holds this device's picture of the
   * board (storeSnapshot.ts). The binding then corrects it to the doc.
   */
  readonly shown: boolean
  /** Changes made on the picture before the binding started (handed to it as `earlyEdits`). */
  private earlyEdits: RecordsDiff<TLRecord>[] = []
  private stopEarlyEdits: (() => void) | null = null
  private snapshotSaver: SnapshotSaver | null = null
  /** Set when the picture must not be written any more (a newer app's board). */
  private pictureStopped = false
  /** The page is hidden or closing: the picture is taken now rather than after the quiet time. */
  private readonly onPageHide = (event: Event) => {
    if (event.type === 'pagehide' || document.visibilityState === 'hidden') void this.snapshotSaver?.save()
  }
  private editor: Editor | null = null
  private unguard: (() => void) | null = null

  constructor(readonly opts: SessionOptions) {
    this.local = opts.local ?? null
    this.doc = opts.local?.doc ?? new Y.Doc()
    this.$mode = atom('mode', opts.mode === 'view' ? 'readonly' : 'readwrite')
    this.relayBase = opts.relayUrl === undefined ? defaultRelayBase(opts.mode) : opts.relayUrl
    if (this.relayBase) {
      this.facilitationClient = new FacilitationClient({
        requestedRole: requestedRole(opts.mode, opts.facilitatorKey),
        userId: opts.user.id,
        onFacilitatorRefused: opts.onFacilitatorRefused,
      })
      this.facilitation = this.facilitationClient
    } else {
      // A board with no relay is used alone: its one person runs the session.
      this.facilitation = createOfflineFacilitation('facilitator')
    }
    const makeStore = () =>
      createTLStore({
        shapeUtils: allShapeUtils,
        bindingUtils: defaultBindingUtils,
        collaboration: { status: this.$online, mode: this.$mode },
      })
    let store = makeStore()
    let shown = false
    if (opts.snapshot) {
      try {
        loadBoardSnapshot(store, opts.snapshot)
        shown = true
      } catch (error) {
        // A picture that does not load is ignored whole: the board opens from its doc.
        console.warn('[circleboard] this device\'s picture of the board could not be loaded; opening from the board itself', error)
        store = makeStore()
      }
    }
    this.store = store
    this.shown = shown
    if (shown) {
      this.state = { ...this.state, boardName: opts.snapshot!.boardName }
      // Whatever is changed on the picture before the doc is bound goes to the doc when it is.
      this.stopEarlyEdits = store.listen(({ changes }) => void this.earlyEdits.push(changes), { source: 'user', scope: 'document' })
    }
  }

  getState = () => this.state
  subscribe = (fn: () => void) => {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }
  private set(patch: Partial<SessionState>) {
    this.state = { ...this.state, ...patch }
    for (const fn of this.listeners) fn()
  }

  async start() {
    const { key, mode } = this.opts
    // 0. Shown from this device's picture of the board: the canvas paints first, as a plain tldraw
    //    app's would; reading and decoding the doc waits until it has (and tldraw has laid it out).
    if (this.shown) {
      await new Promise<void>((resolve) => {
        this.docRead = afterFirstFrame(resolve, DOC_READ_TIMES)
        if (this.painted) this.docRead.painted()
      })
      if (this.disposed) return
    }
    // 1. This device's copy. If IndexedDB is unavailable (private mode, storage full) the board
    //    still works live; the status says it is not being kept on this device.
    try {
      const local = this.local
      this.local = null
      this.idb = local ? local.openDoc() : new IndexeddbPersistence(localDbName(key, mode), this.doc)
      if (!this.idb) throw new Error('IndexedDB unavailable')
      await withTimeout(this.idb.whenSynced, 10_000)
      if (this.disposed) return
      this.set({ local: 'saved' })
    } catch {
      this.set({ local: 'unavailable' })
    }
    if (this.disposed) return

    // 2. The relay connection (not yet connected).
    const base = this.relayBase
    if (!base) {
      this.set({ relay: 'offline', problem: 'No relay is configured: this board stays on this device.' })
    }
    const provider = base ? this.createProvider(base, key) : null

    // 3. A board this device has never seen: fetch it from the relay before binding, so the
    //    editor does not create a default page of its own that would race the board's real one.
    if (provider && this.doc.getMap('records').size === 0) {
      provider.connect()
      await waitForSync(provider, 4000)
      if (this.disposed) return
    }

    // 4. Bind the store to the doc. tldraw's default document and page go into the doc only once
    //    the board is known to be new: no relay (the board lives here alone), or the relay's sync
    //    has arrived and the doc still lacks them. A sync slower than the wait above must not
    //    write them over the board's own (audit F3): the binding keeps them local until then.
    //    Shown from the picture: what was changed on it goes to the doc, then the doc corrects
    //    the rest. From here the picture is kept current for the next open.
    const earlyEdits = this.takeEarlyEdits()
    if (this.idb) this.keepPicture(this.idb)
    this.binding = bindStoreToDoc(this.store, this.doc, {
      readOnly: mode === 'view',
      newBoard: !provider || provider.synced,
      earlyEdits,
      defaultShapeProps,
      // Notes written privately stay on this device until the reveal (facilitation/privateWriting.ts).
      isLocalOnly: isPrivateRecord,
      onInvalidRecord: (id, error) => {
        console.warn('[circleboard] dropped an invalid record', id, error)
        this.set({ invalidRecords: this.state.invalidRecords + 1 })
      },
      // A newer app may upgrade the board while we have it open: stop editing, say why.
      onStatusChange: (status, message) => {
        if (status === 'newer-schema') {
          this.$mode.set('readonly')
          this.set({ blocked: message })
        }
      },
    })
    if (provider && !provider.synced) {
      const binding = this.binding
      const onSynced = (synced: boolean) => {
        if (!synced) return
        provider.off('sync', onSynced)
        binding.confirmNew()
      }
      provider.on('sync', onSynced)
    }
    if (this.binding.status === 'newer-schema') {
      this.$mode.set('readonly')
      this.set({ blocked: this.binding.message ?? 'This board was saved by a newer version of Circleboard.' })
      // Not a picture of this board to open on next time: leave the stored one as it was.
      this.pictureStopped = true
      this.snapshotSaver?.cancel()
      this.snapshotSaver = null
    }
    if (this.editor && !this.unguard) this.unguard = this.binding.installUndoGuard(this.editor)
    // When the board became live (the client benchmark reads it; harmless anywhere).
    if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark('circleboard:bound')
    const boardMap = this.doc.getMap('board')
    const onBoard = () => {
      const boardName = getBoardName(this.doc) ?? ''
      if (boardName !== this.state.boardName) this.snapshotSaver?.changed()
      this.set({ boardName })
    }
    boardMap.observe(onBoard)
    onBoard()

    // 5. Presence, then (if not already) connect.
    if (!provider) return
    this.trackPendingChanges(provider)
    const awareness = provider.awareness
    this.presence = bindPresence({ store: this.store, awareness, user: this.opts.user, viewOnly: mode === 'view' })
    const onPeople = () => this.set({ people: readPeople(awareness) })
    awareness.on('change', onPeople)
    onPeople()
    // A board this device has: its first view needs nothing from the relay. Connect once the
    // canvas has painted its first frame (attachEditor) and tldraw has finished laying the board
    // out, so the handshake (y-websocket also sends the whole doc to this browser's other tabs),
    // the relay's sync and the check of the relay's snapshot do not run during the open. Changes
    // made meanwhile wait in the doc and go then.
    if (!provider.wsconnected && !provider.wsconnecting) {
      this.firstConnect = afterFirstFrame(() => {
        if (!this.disposed) provider.connect()
      }, FIRST_CONNECT_TIMES)
      if (this.painted) this.firstConnect.painted()
    }
  }

  /** The changes made on the picture so far, squashed; stops collecting them. */
  private takeEarlyEdits(): RecordsDiff<TLRecord> | undefined {
    if (!this.stopEarlyEdits) return undefined
    this.store._flushHistory() // changes of the current frame, not yet handed to listeners
    this.stopEarlyEdits()
    this.stopEarlyEdits = null
    const edits = squashRecordDiffs(this.earlyEdits)
    this.earlyEdits = []
    return edits
  }

  /**
   * Keeps this device's picture of the board current (snapshotSaver.ts, loaded now: it is not
   * needed to open a board). Changes made while it loads are not missed.
   */
  private keepPicture(idb: IndexeddbPersistence) {
    // Opened without a picture: take one for the next open.
    let dirty = !this.shown
    const stopWatching = this.store.listen(() => void (dirty = true), { scope: 'document' })
    void loadPart(() => import('./snapshotSaver'))
      .then(({ SnapshotSaver }) => {
        stopWatching()
        if (this.disposed || this.pictureStopped) return
        this.snapshotSaver = new SnapshotSaver({
          store: this.store,
          // (y-indexeddb's types say string/number/Date/ArrayBuffer; IndexedDB stores any cloneable value)
          write: (snapshot) => idb.set(SNAPSHOT_KEY, snapshot as unknown as string),
          boardName: () => this.state.boardName,
          dirty,
        })
        if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onPageHide)
        if (typeof window !== 'undefined') window.addEventListener('pagehide', this.onPageHide)
      })
      .catch(() => {
        // Not loaded (an app updated under an open tab): no picture is kept, the next open reads the doc.
        stopWatching()
      })
  }

  private createProvider(base: string, key: string): WebsocketProvider {
    const facKey = this.opts.mode === 'edit' ? this.opts.facilitatorKey : null
    const provider = new WebsocketProvider(base, key, this.doc, {
      connect: false,
      maxBackoffTime: 5000,
      params: facKey ? { [FACILITATOR_SOCKET_PARAM]: facKey } : {},
    })
    this.provider = provider
    // Before the first connect, so the relay's welcome is never missed.
    this.facilitationClient?.attach(providerTransport(provider))
    // Version frames (type 8) are read once the history attaches (versions/BoardVersions.ts, which
    // asks for the list when it does); until then drop them quietly instead of y-websocket
    // logging "Unable to compute message" for the relay's list on join.
    ;(provider.messageHandlers as unknown as Array<(e: unknown, d: { arr: Uint8Array; pos: number }) => void>)[VERSIONS_MESSAGE_TYPE] = (_e, d) => {
      d.pos = d.arr.length
    }
    provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') {
        this.$online.set('online')
        this.set({ relay: provider.synced ? 'synced' : 'connected', problem: null })
      } else if (status === 'connecting') {
        // y-websocket says 'connecting' before every retry; after a failed attempt we are offline.
        const offline = provider.wsUnsuccessfulReconnects > 0
        if (offline) this.$online.set('offline')
        this.set({ relay: this.state.relay === 'stopped' ? 'stopped' : offline ? 'offline' : 'connecting' })
      } else {
        this.$online.set('offline')
        this.set({ relay: this.state.relay === 'stopped' ? 'stopped' : 'offline' })
      }
    })
    provider.on('sync', (synced: boolean) => {
      if (provider.wsconnected) this.set({ relay: synced ? 'synced' : 'connected' })
    })
    provider.on('connection-close', (event: CloseEvent | null) => {
      const reason = event ? describeCloseCode(event.code) : ''
      if (reason) this.set({ problem: reason })
    })
    provider.on('closed', ({ code }: { code: number }) => {
      this.set({
        relay: 'stopped',
        problem: describeCloseCode(code) || `The relay closed the connection (code ${code}).`,
      })
    })
    return provider
  }


  /**
   * Truthful sync state: a local change marks the board as having changes not on the relay; once
   * connected and quiet, we ask the relay for its snapshot and clear the mark only if it really
   * contains everything this device has (see relayHasAllOf).
   */
  private trackPendingChanges(provider: WebsocketProvider) {
    if (this.opts.mode !== 'edit') return
    const idb = this.idb
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || origin === idb) return
      if (!this.state.pendingChanges) this.set({ pendingChanges: true })
      this.scheduleRelayCheck(1000)
    })
    provider.on('sync', (synced: boolean) => synced && this.scheduleRelayCheck(300))
    // Changes made offline in an earlier visit are in IndexedDB: check once at start.
    this.set({ pendingChanges: this.doc.getMap('records').size > 0 })
    this.scheduleRelayCheck(500)
  }

  private scheduleRelayCheck(delayMs: number) {
    if (this.checkTimer) clearTimeout(this.checkTimer)
    this.checkTimer = setTimeout(() => void this.checkRelay(), delayMs)
  }

  private async checkRelay() {
    this.checkTimer = null
    const provider = this.provider
    if (this.disposed || !provider?.synced) return
    this.checking?.abort()
    const ctl = new AbortController()
    this.checking = ctl
    const snapshot = await fetchRelaySnapshot(this.opts.key, ctl.signal)
    if (this.disposed || ctl.signal.aborted || !snapshot) return
    try {
      const pending = !relayHasAllOf(snapshot, this.doc)
      this.set({ pendingChanges: pending })
      // The relay may still be writing what we just sent: look again shortly.
      if (pending) this.scheduleRelayCheck(2000)
    } catch {
      // An unreadable answer proves nothing: keep the mark.
    }
  }

  /** Called when the canvas mounts: undo and redo touch only this person's own changes. */
  attachEditor(editor: Editor): () => void {
    this.painted = true
    this.firstConnect?.painted()
    this.docRead?.painted()
    this.editor = editor
    // Shown from the picture, the binding comes later and installs the guard then (start()).
    this.unguard = this.binding?.installUndoGuard(editor) ?? null
    // a pasted or dropped URL must not make this browser contact its host (README promise)
    const refetch = stopUrlFetches(editor)
    return () => {
      refetch()
      this.unguard?.()
      this.unguard = null
      if (this.editor === editor) this.editor = null
    }
  }

  setUser(user: PresenceUser) {
    this.presence?.setUser(user)
  }

  rename(name: string) {
    if (this.opts.mode === 'view' || this.state.blocked) return
    setBoardName(this.doc, name.trim().slice(0, 120))
  }

  /** For tests and the "work offline" switch: stop or resume talking to the relay. */
  setRelayEnabled(enabled: boolean) {
    if (!this.provider) return
    // Whatever was waiting for the first frame, this decides now.
    this.firstConnect?.cancel()
    if (enabled) this.provider.connect()
    else this.provider.disconnect()
  }

  destroy() {
    if (this.disposed) return
    this.disposed = true
    this.firstConnect?.cancel()
    this.docRead?.cancel()
    this.stopEarlyEdits?.()
    // Destroyed before start() took the local copy over.
    this.local?.close()
    this.local = null
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onPageHide)
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.onPageHide)
    // The last changes go into the picture before the database closes (IndexedDB finishes a
    // write it has started even when its connection is closed).
    void this.snapshotSaver?.dispose()
    if (this.checkTimer) clearTimeout(this.checkTimer)
    this.checking?.abort()
    this.presence?.dispose()
    this.facilitationClient?.destroy()
    this.provider?.destroy()
    this.binding?.dispose()
    void this.idb?.destroy()
    this.doc.destroy()
    this.listeners.clear()
  }
}

function waitForSync(provider: WebsocketProvider, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (provider.synced) return resolve()
    const done = () => {
      clearTimeout(t)
      provider.off('sync', onSync)
      resolve()
    }
    const onSync = (synced: boolean) => synced && done()
    const t = setTimeout(done, ms)
    provider.on('sync', onSync)
  })
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms)
    p.then(
      (v) => {
        clearTimeout(t)
        resolve(v)
      },
      (e) => {
        clearTimeout(t)
        reject(e)
      }
    )
  })
}
