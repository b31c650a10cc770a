/**
 * The versions of one open board, wherever they live: the relay's (VersionsClient over the board's
 * socket) and this device's (localVersions.ts, used when the relay cannot be reached). One per
 * board page; the history panel and the automatic saves before bulk changes go through it.
 */
import { atom, computed, type Editor } from 'tldraw'
import * as Y from 'yjs'
import { type Plan, type VersionInfo, type VersionReason } from '@circleboard/shared'
import type { BoardSession } from '../board/session'
import { relayHttpBase } from '../board/relayApi'
import { loadPart } from '../board/loadPart'
import { VersionsClient, versionsProviderTransport } from './VersionsClient'
import {
  getLocalVersionPlan,
  getLocalVersionState,
  listLocalVersions,
  renameLocalVersion,
  deleteLocalVersion,
  saveLocalVersion,
} from './localVersions'
import { MAX_VERSION_STATE_BYTES } from './restore'

export type VersionSource = 'relay' | 'local'

export interface SaveOutcome {
  version: VersionInfo
  where: VersionSource
  /** Something the person should read (the relay refused and it was kept here instead; many local versions). */
  note: string | null
}

const MAX_PLAN_BYTES = 20 * 1024 * 1024

/** A stable key for lists (relay and local numbers are counted apart). */
export const versionKey = (v: Pick<VersionInfo, 'n' | 'local'>) => `${v.local ? 'l' : 'r'}${v.n}`

/** The name offered in "Save a version": the board's first template and today, e.g. "PATH, 12 January". */
export function defaultVersionName(plan: Plan | null, boardName: string, now = new Date(), locale?: string): string {
  const what = plan?.sections[0]?.title?.trim() || boardName.trim() || 'Board'
  let day: string
  try {
    day = now.toLocaleDateString(locale, { day: 'numeric', month: 'long' })
  } catch {
    day = now.toDateString()
  }
  return `${what}, ${day}`.slice(0, 100)
}

async function fetchBounded(url: string, maxBytes: number, signal?: AbortSignal): Promise<ArrayBuffer> {
  let res: Response
  try {
    res = await fetch(url, { cache: 'no-store', signal })
  } catch {
    throw new Error('The relay cannot be reached just now. Try again when the connection is back.')
  }
  if (res.status === 404) throw new Error('The relay no longer has this version.')
  if (!res.ok) throw new Error(`The relay did not send the version (HTTP ${res.status}).`)
  const declared = Number(res.headers.get('content-length') ?? '0')
  if (declared > maxBytes) throw new Error('This version is too large to open on this device.')
  const buf = await res.arrayBuffer()
  if (buf.byteLength > maxBytes) throw new Error('This version is too large to open on this device.')
  return buf
}

export class BoardVersions {
  readonly client: VersionsClient | null
  readonly $local = atom<VersionInfo[]>('local versions', [])
  readonly $all = computed<VersionInfo[]>('all versions', () =>
    [...(this.client?.$versions.get() ?? []), ...this.$local.get()].sort((a, b) => b.createdAt - a.createdAt || b.n - a.n),
  )
  private editor: Editor | null = null
  private disposed = false

  constructor(
    readonly session: BoardSession,
    /** The room id (edit links); null for a view link, which keeps no history controls. */
    readonly roomId: string | null,
  ) {
    this.client = session.provider ? new VersionsClient() : null
    if (this.client && session.provider) this.client.attach(versionsProviderTransport(session.provider))
    void this.refreshLocal()
  }

  setEditor(editor: Editor | null) {
    this.editor = editor
  }

  destroy() {
    this.disposed = true
    this.client?.destroy()
  }

  async refreshLocal(): Promise<void> {
    if (!this.roomId) return
    try {
      const list = await listLocalVersions(this.roomId)
      if (!this.disposed) this.$local.set(list)
    } catch {
      // No storage on this device: the relay's versions still show.
    }
  }

  /** Versions can be saved here (an edit link with an editor). */
  canSave(): boolean {
    return !!this.roomId && this.session.opts.mode === 'edit' && !!this.editor && !this.editor.isDisposed
  }

  /**
   * Saves a version: on the relay when it is connected and speaks versions, else on this device.
   * When the relay refuses or does not answer, it is kept on this device instead and `note` says so.
   */
  async save(name: string, reason: VersionReason, author: string, opts: { relayTimeoutMs?: number } = {}): Promise<SaveOutcome> {
    if (!this.canSave()) throw new Error('Versions can only be saved from an edit link of this board.')
    let relayProblem: string | null = null
    if (this.client?.canSave()) {
      try {
        const version = await this.client.save(name, reason, author, opts.relayTimeoutMs)
        return { version, where: 'relay', note: null }
      } catch (e) {
        relayProblem = (e as Error).message
      }
    }
    const local = await this.saveLocal(name, reason, author)
    const note = [relayProblem && `The relay did not keep it (${relayProblem}), so it is kept on this device.`, local.note].filter(Boolean).join(' ')
    return { ...local, note: note || null }
  }

  private async saveLocal(name: string, reason: VersionReason, author: string): Promise<SaveOutcome> {
    const editor = this.editor!
    const boardName = this.session.getState().boardName
    // The plan's extraction is loaded when first needed (planTools.ts).
    const { currentPlan } = await loadPart(() => import('./planTools'))
    const plan = currentPlan(editor, boardName)
    const shapes = editor.store.allRecords().filter((r) => r.typeName === 'shape').length
    const state = Y.encodeStateAsUpdate(this.session.doc)
    const r = await saveLocalVersion(this.roomId!, { name, reason, author, state, plan, shapes })
    await this.refreshLocal()
    return { version: r.version, where: 'local', note: r.warning }
  }

  async rename(v: VersionInfo, name: string): Promise<VersionInfo> {
    if (v.local) {
      const out = await renameLocalVersion(this.roomId!, v.n, name)
      await this.refreshLocal()
      return out
    }
    if (!this.client?.canSave()) throw new Error('Not connected to the relay: try again when the connection is back.')
    return this.client.rename(v.n, name)
  }

  /** Deletes a version: this device's at once; the relay's through the relay (the facilitator only). */
  async delete(v: VersionInfo): Promise<void> {
    if (v.local) {
      await deleteLocalVersion(this.roomId!, v.n)
      await this.refreshLocal()
      return
    }
    if (!this.client?.canSave()) throw new Error('Not connected to the relay: try again when the connection is back.')
    await this.client.delete(v.n)
  }

  private versionUrl(v: VersionInfo, what: 'state' | 'plan'): string {
    return `${relayHttpBase()}/api/rooms/${encodeURIComponent(this.roomId!)}/versions/${v.n}/${what}`
  }

  /** The Yjs state of a version (untrusted bytes: decode with versionRecords). */
  async getState(v: VersionInfo, signal?: AbortSignal): Promise<Uint8Array> {
    if (!this.roomId) throw new Error('Versions open from an edit link of this board.')
    if (v.local) {
      const s = await getLocalVersionState(this.roomId, v.n)
      if (!s) throw new Error('This version is no longer on this device.')
      return s
    }
    return new Uint8Array(await fetchBounded(this.versionUrl(v, 'state'), MAX_VERSION_STATE_BYTES, signal))
  }

  /** The plan a version held, validated. */
  async getPlan(v: VersionInfo, signal?: AbortSignal): Promise<Plan> {
    if (!this.roomId) throw new Error('Versions open from an edit link of this board.')
    if (v.local) {
      const p = await getLocalVersionPlan(this.roomId, v.n)
      if (!p) throw new Error('The plan of this version is no longer on this device.')
      return p
    }
    const buf = await fetchBounded(this.versionUrl(v, 'plan'), MAX_PLAN_BYTES, signal)
    let json: unknown
    try {
      json = JSON.parse(new TextDecoder().decode(buf))
    } catch {
      throw new Error('The relay sent a plan that could not be read.')
    }
    const { parsePlan } = await loadPart(() => import('./planTools'))
    const r = parsePlan(json)
    if (!r.ok) throw new Error(`The relay sent a plan that could not be read: ${r.error}`)
    return r.plan
  }
}
