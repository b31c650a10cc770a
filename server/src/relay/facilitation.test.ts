/**
 * Facilitation on the relay: roles by link, the facilitation state (only facilitators change it,
 * it survives restarts), summons, the relay clock, the role stamp on presence.
 */
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import * as encoding from 'lib0/encoding'
import { CloseCode, FACILITATION_MESSAGE_TYPE, newFacilitatorKey, parseServerMessage, readFacilitationPayload } from '@circleboard/shared'
import { dbPath } from '../persistence/schema'
import { connectFacClient, welcomed, type FacClient } from '../testing/facilitationClient'
import { cleanupAfterEach, makeTempDir, randomRoomId, rawClient, startTestRelay, waitFor, wsUrl } from '../testing/relayHarness'
import { hashFacilitatorKey, INVALID_FACILITATOR_LINK_NOTICE } from './facilitatorKeys'
import type { Relay } from './Relay'
import { REFUSED } from './RoomFacilitation'

const cleanup = cleanupAfterEach()

async function relayUp(opts: Parameters<typeof startTestRelay>[0] = {}) {
  const relay = await startTestRelay(opts)
  cleanup.push(() => relay.close())
  return relay
}

function join(relay: Relay, room: string, opts: Parameters<typeof connectFacClient>[2] = {}): FacClient {
  const c = connectFacClient(relay, room, opts)
  cleanup.push(c.destroy)
  return c
}

async function viewTokenFor(relay: Relay, room: string): Promise<string> {
  const res = await fetch(`${relay.url}/api/rooms/${room}/view-token`, { method: 'POST' })
  return ((await res.json()) as { token: string }).token
}

describe('roles by link', () => {
  it('the first key claims the board; the same key is facilitator again, another key is a participant with a notice', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const key = newFacilitatorKey()
    const first = join(relay, room, { key })
    expect((await welcomed(first)).role).toBe('facilitator')
    expect((await welcomed(first)).notice).toBeUndefined()

    const again = join(relay, room, { key })
    expect((await welcomed(again)).role).toBe('facilitator')

    const other = join(relay, room, { key: newFacilitatorKey() })
    const w = await welcomed(other)
    expect(w.role).toBe('participant')
    expect(w.notice).toBe(INVALID_FACILITATOR_LINK_NOTICE)

    const garbage = join(relay, room, { key: 'short' })
    const gw = await welcomed(garbage)
    expect(gw.role).toBe('participant')
    expect(gw.notice).toBe(INVALID_FACILITATOR_LINK_NOTICE)

    const plain = join(relay, room)
    const pw = await welcomed(plain)
    expect(pw.role).toBe('participant')
    expect(pw.notice).toBeUndefined()

    const viewer = join(relay, await viewTokenFor(relay, room), { path: 'view', key })
    expect((await welcomed(viewer)).role).toBe('viewer')

    // Only the hash is stored.
    const db = new Database(dbPath(relay.dataDir), { readonly: true })
    try {
      const rows = db.prepare('SELECT room_id, key_hash FROM room_facilitators').all()
      expect(rows).toEqual([{ room_id: room, key_hash: hashFacilitatorKey(key) }])
      expect(JSON.stringify(rows)).not.toContain(key)
    } finally {
      db.close()
    }
  })

  it('an empty ?fac= is no key at all: a participant without a notice', async () => {
    const relay = await relayUp()
    const raw = rawClient(`${wsUrl(relay)}/sync/${randomRoomId()}?fac=`)
    cleanup.push(() => raw.ws.terminate())
    await raw.opened
    await waitFor(() => raw.messages.some((m) => m[0] === FACILITATION_MESSAGE_TYPE), 'welcome')
    const frame = raw.messages.find((m) => m[0] === FACILITATION_MESSAGE_TYPE)!
    const welcome = parseServerMessage(readFacilitationPayload(frame.subarray(1)))
    expect(welcome).toMatchObject({ t: 'welcome', role: 'participant' })
    expect(welcome).not.toHaveProperty('notice')
  })

  it('the welcome carries the state and the relay clock', async () => {
    const relay = await relayUp()
    const before = Date.now()
    const c = join(relay, randomRoomId())
    const w = await welcomed(c)
    expect(w.state).toMatchObject({ v: 1, seq: 0, lock: { zones: false, ids: [] }, vote: null })
    expect(w.now).toBeGreaterThanOrEqual(before)
    expect(w.now).toBeLessThanOrEqual(Date.now())
  })
})

describe('facilitation state', () => {
  it('a facilitator command is applied and broadcast to everyone; a participant or viewer command is refused and changes nothing', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const key = newFacilitatorKey()
    const fac = join(relay, room, { key })
    const part = join(relay, room)
    const viewer = join(relay, await viewTokenFor(relay, room), { path: 'view' })
    await Promise.all([welcomed(fac), welcomed(part), welcomed(viewer)])

    const refusedBefore = relay.metrics.errors.get('facilitation_refused') ?? 0
    let mark = part.received.length
    part.send({ t: 'cmd', cmd: { kind: 'lock', zones: true } })
    expect((await part.next('refused', undefined, mark)).reason).toBe(REFUSED.notFacilitator)
    mark = viewer.received.length
    viewer.send({ t: 'cmd', cmd: { kind: 'timer', action: 'start', ms: 60_000 } })
    expect((await viewer.next('refused', undefined, mark)).reason).toBe(REFUSED.notFacilitator)
    expect(relay.metrics.errors.get('facilitation_refused')).toBe(refusedBefore + 2)
    // Still connected, and nobody got a new state.
    expect(part.provider.wsconnected).toBe(true)
    expect(viewer.provider.wsconnected).toBe(true)
    expect([fac, part, viewer].some((c) => c.all('state').length > 0)).toBe(false)

    const t0 = Date.now()
    fac.send({ t: 'cmd', cmd: { kind: 'timer', action: 'start', ms: 60_000 } })
    for (const c of [fac, part, viewer]) {
      const s = await c.next('state', undefined, 0)
      expect(s.state.seq).toBe(1)
      expect(s.state.timer.status).toBe('running')
      expect(s.state.timer.endsAt).toBeGreaterThanOrEqual(t0 + 60_000)
      expect(s.state.timer.endsAt).toBeLessThanOrEqual(Date.now() + 60_000)
    }
    // A command that makes no sense here is refused with the reducer's reason.
    mark = fac.received.length
    fac.send({ t: 'cmd', cmd: { kind: 'vote', action: 'reveal' } })
    expect((await fac.next('refused', undefined, mark)).reason).toMatch(/no vote/)
  })

  it('survives a room unload and a relay restart', async () => {
    const dataDir = makeTempDir()
    const room = randomRoomId()
    const key = newFacilitatorKey()
    const first = await startTestRelay({ dataDir, limits: { roomIdleMs: 50 } })
    const fac = connectFacClient(first, room, { key })
    await welcomed(fac)
    fac.send({ t: 'cmd', cmd: { kind: 'step', instanceId: 'path-1', index: 3 } })
    await fac.next('state', undefined, 0)
    fac.destroy()
    await waitFor(() => first.stats().rooms === 0, 'room unloaded')

    const back = connectFacClient(first, room)
    expect((await welcomed(back)).state.step).toEqual({ instanceId: 'path-1', index: 3 })
    back.destroy()
    await first.close()

    const second = await relayUp({ dataDir })
    const later = join(second, room)
    const w = await welcomed(later)
    expect(w.state.step).toEqual({ instanceId: 'path-1', index: 3 })
    expect(w.state.seq).toBe(1)
    // The claim survives too: the same key is still the facilitator's.
    expect((await welcomed(join(second, room, { key }))).role).toBe('facilitator')
  })

  it('fans a summon out to everyone else without storing it', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const fac = join(relay, room, { key: newFacilitatorKey() })
    const a = join(relay, room)
    const b = join(relay, room)
    await Promise.all([welcomed(fac), welcomed(a), welcomed(b)])
    const bounds = { x: 10, y: 20, w: 300, h: 200 }
    fac.send({ t: 'cmd', cmd: { kind: 'summon', userId: 'u1', name: 'Liz', pageId: 'page:page', bounds } })
    for (const c of [a, b]) expect((await c.next('event', undefined, 0)).event).toEqual({ kind: 'summon', userId: 'u1', name: 'Liz', pageId: 'page:page', bounds })
    // A summon from a participant goes nowhere.
    a.send({ t: 'cmd', cmd: { kind: 'summon', userId: 'u2', name: 'Sam', pageId: 'page:page', bounds } })
    await a.next('refused', undefined, 0)
    expect(fac.all('event')).toHaveLength(0)
    expect(b.all('event')).toHaveLength(1)
    expect([fac, a, b].some((c) => c.all('state').length > 0)).toBe(false)
    const late = join(relay, room)
    expect((await welcomed(late)).state.seq).toBe(0)
  })

  it('answers a clock probe with the relay time, for any role', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const viewer = join(relay, await viewTokenFor(relay, room), { path: 'view' })
    await welcomed(viewer)
    const t0 = Date.now()
    viewer.send({ t: 'time', id: 42 })
    const reply = await viewer.next('time', (m) => m.id === 42, 0)
    expect(reply.now).toBeGreaterThanOrEqual(t0)
    expect(reply.now).toBeLessThanOrEqual(Date.now())
  })

  it('closes a connection that sends a malformed or oversized facilitation frame', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const frame = (payload: Uint8Array, declared = payload.byteLength) => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, FACILITATION_MESSAGE_TYPE)
      encoding.writeVarUint(e, declared)
      encoding.writeUint8Array(e, payload)
      return encoding.toUint8Array(e)
    }
    const bad = [
      frame(new TextEncoder().encode('{not json')),
      frame(new TextEncoder().encode(JSON.stringify({ t: 'cmd', cmd: { kind: 'explode' } }))),
      frame(new TextEncoder().encode('{}'), 10),
      frame(new TextEncoder().encode(JSON.stringify({ t: 'time', id: 1, pad: 'x'.repeat(70 * 1024) }))),
    ]
    for (const f of bad) {
      const raw = rawClient(`${wsUrl(relay)}/sync/${room}`)
      cleanup.push(() => raw.ws.terminate())
      await raw.opened
      raw.ws.send(f)
      expect((await raw.closed).code).toBe(CloseCode.badMessage)
    }
    expect(relay.metrics.errors.get('bad_message')).toBe(bad.length)
  })
})

describe('presence carries the role the relay gave', () => {
  it('restamps a participant that claims to be the facilitator', async () => {
    const relay = await relayUp()
    const room = randomRoomId()
    const fac = join(relay, room, { key: newFacilitatorKey() })
    const part = join(relay, room)
    const viewer = join(relay, await viewTokenFor(relay, room), { path: 'view' })
    await Promise.all([welcomed(fac), welcomed(part), welcomed(viewer)])
    part.provider.awareness.setLocalState({ user: { name: 'Sneaky' }, role: 'facilitator' })
    fac.provider.awareness.setLocalState({ user: { name: 'Liz' } })
    viewer.provider.awareness.setLocalState({ user: { name: 'Screen' }, role: 'facilitator', viewOnly: false })
    const seenBy = (c: FacClient, id: number) => c.provider.awareness.getStates().get(id)
    await waitFor(() => seenBy(viewer, part.doc.clientID)?.user?.name === 'Sneaky', 'viewer sees the participant')
    await waitFor(() => seenBy(part, fac.doc.clientID)?.user?.name === 'Liz', 'participant sees the facilitator')
    await waitFor(() => seenBy(fac, viewer.doc.clientID)?.user?.name === 'Screen', 'facilitator sees the viewer')
    expect(seenBy(viewer, part.doc.clientID)).toEqual({ user: { name: 'Sneaky' }, role: 'participant' })
    expect(seenBy(part, fac.doc.clientID)).toEqual({ user: { name: 'Liz' }, role: 'facilitator' })
    expect(seenBy(fac, viewer.doc.clientID)).toEqual({ user: { name: 'Screen' }, role: 'viewer', viewOnly: true })
  })
})
