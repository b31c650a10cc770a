/**
 * Dot votes on the relay: dots are held by the relay (capped, one voter per connection, replaced
 * not added on reconnect, kept across restarts), counts stay hidden until the reveal, and the
 * reveal writes the counts into the board (meta.votes).
 */
import { describe, expect, it } from 'vitest'
import { getRecordsMap, META_VOTES, newFacilitatorKey, readRecordById, writeRecord, type FacilitationCommand } from '@circleboard/shared'
import { connectFacClient, welcomed, type FacClient } from '../testing/facilitationClient'
import { cleanupAfterEach, makeTempDir, randomRoomId, startTestRelay, waitFor } from '../testing/relayHarness'
import { REFUSED } from './RoomFacilitation'

const cleanup = cleanupAfterEach()

const shape = (id: string, type: string, meta: Record<string, unknown> = {}) => ({
  id,
  typeName: 'shape',
  type,
  x: 0,
  y: 0,
  rotation: 0,
  index: 'a1',
  parentId: 'page:page',
  isLocked: false,
  opacity: 1,
  props: {},
  meta,
})

async function command(fac: FacClient, cmd: FacilitationCommand): Promise<void> {
  const mark = fac.received.length
  fac.send({ t: 'cmd', cmd })
  await fac.next('state', undefined, mark)
}

async function dots(c: FacClient, voteId: string, voterId: string, shapeIds: string[]) {
  const mark = c.received.length
  c.send({ t: 'dots', voteId, voterId, shapeIds })
  await waitFor(() => c.received.slice(mark).some((m) => m.t === 'myDots' || m.t === 'refused'), 'an answer to dots')
  return c.received.slice(mark).find((m) => m.t === 'myDots' || m.t === 'refused')!
}

const metaOf = (c: FacClient, id: string) => (readRecordById(c.doc, id) as { meta: Record<string, unknown> } | null)?.meta

describe('dot votes', () => {
  it('caps, replaces, hides counts until the reveal, survives a restart, and writes the result into the board', async () => {
    const dataDir = makeTempDir()
    const room = randomRoomId()
    const key = newFacilitatorKey()
    const relay = await startTestRelay({ dataDir })
    const fac = connectFacClient(relay, room, { key })
    const p1 = connectFacClient(relay, room)
    const p2 = connectFacClient(relay, room)
    const token = ((await (await fetch(`${relay.url}/api/rooms/${room}/view-token`, { method: 'POST' })).json()) as { token: string }).token
    const viewer = connectFacClient(relay, token, { path: 'view' })
    const firstRun = [fac, p1, p2, viewer]
    await Promise.all(firstRun.map(welcomed))
    await waitFor(() => firstRun.every((c) => c.provider.synced), 'synced')
    for (const r of [shape('shape:n0', 'note', { [META_VOTES]: 5, tag: 'kept' }), shape('shape:n1', 'note'), shape('shape:n2', 'note'), shape('shape:n3', 'note')]) {
      writeRecord(fac.doc, r)
    }
    await waitFor(() => getRecordsMap(p1.doc).has('shape:n3') && getRecordsMap(p2.doc).has('shape:n3'), 'notes reached everyone')

    // No vote yet.
    expect(await dots(p1, 'v1', 'alice', ['shape:n1'])).toEqual({ t: 'refused', reason: REFUSED.voteNotOpen })
    await command(fac, { kind: 'vote', action: 'start', id: 'v1', title: 'What first?', dots: 2 })

    // Capped at two, unknown shapes dropped, repeats allowed.
    expect(await dots(p1, 'v1', 'alice', ['shape:missing', 'shape:n1', 'shape:n1', 'shape:n2'])).toEqual({ t: 'myDots', voteId: 'v1', shapeIds: ['shape:n1', 'shape:n1'] })
    // One voter per connection.
    expect(await dots(p1, 'v1', 'bob', ['shape:n2'])).toEqual({ t: 'refused', reason: REFUSED.otherVoter })
    expect(await dots(p2, 'v1', 'carol', ['shape:n2'])).toMatchObject({ t: 'myDots', shapeIds: ['shape:n2'] })
    expect(await dots(viewer, 'v1', 'watcher', ['shape:n2'])).toEqual({ t: 'refused', reason: REFUSED.viewerVote })
    expect(await dots(fac, 'v1', 'liz', [])).toMatchObject({ t: 'myDots', shapeIds: [] })

    // Alice again on another connection (a reconnect, a second tab): her set replaces the old one.
    const p1b = connectFacClient(relay, room)
    await welcomed(p1b)
    expect(await dots(p1b, 'v1', 'alice', ['shape:n3'])).toMatchObject({ t: 'myDots', shapeIds: ['shape:n3'] })
    await fac.next('progress', (m) => m.voters === 2 && m.dots === 2, 0)
    // Counts are hidden: no tally for anyone, progress only for the facilitator.
    for (const c of [...firstRun, p1b]) expect(c.all('tally')).toHaveLength(0)
    for (const c of [p1, p2, viewer, p1b]) expect(c.all('progress')).toHaveLength(0)

    // A restart keeps the dots.
    for (const c of [...firstRun, p1b]) c.destroy()
    await relay.close()
    const again = await startTestRelay({ dataDir })
    cleanup.push(() => again.close())
    const fac2 = connectFacClient(again, room, { key })
    const p3 = connectFacClient(again, room)
    cleanup.push(fac2.destroy, p3.destroy)
    await Promise.all([welcomed(fac2), welcomed(p3)])
    expect(fac2.received[1]).toEqual({ t: 'progress', voteId: 'v1', voters: 2, dots: 2 })
    await waitFor(() => fac2.provider.synced && p3.provider.synced, 'synced after restart')

    const marks = [fac2, p3].map((c) => c.received.length)
    fac2.send({ t: 'cmd', cmd: { kind: 'vote', action: 'reveal' } })
    for (const [i, c] of [fac2, p3].entries()) {
      expect(await c.next('tally', undefined, marks[i])).toEqual({ t: 'tally', voteId: 'v1', counts: { 'shape:n2': 1, 'shape:n3': 1 }, voters: 2 })
    }
    // The result is on the board: counted notes carry meta.votes, the earlier count is gone.
    await waitFor(() => metaOf(p3, 'shape:n3')?.[META_VOTES] === 1, 'votes written into the doc')
    expect(metaOf(p3, 'shape:n2')).toEqual({ [META_VOTES]: 1 })
    expect(metaOf(p3, 'shape:n1')).toEqual({})
    await waitFor(() => metaOf(p3, 'shape:n0')?.[META_VOTES] === undefined, 'old count removed')
    expect(metaOf(p3, 'shape:n0')).toEqual({ tag: 'kept' })

    // A late joiner gets the tally after its welcome; dots after the reveal are refused.
    const late = connectFacClient(again, room)
    cleanup.push(late.destroy)
    await welcomed(late)
    expect((await late.next('tally', undefined, 0)).counts).toEqual({ 'shape:n2': 1, 'shape:n3': 1 })
    expect(late.received.findIndex((m) => m.t === 'tally')).toBe(1)
    expect(await dots(late, 'v1', 'dan', ['shape:n1'])).toEqual({ t: 'refused', reason: REFUSED.voteNotOpen })
  })

  it('a vote scoped to a zone takes dots on notes, not on the zone itself; a new vote starts empty', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    const fac = connectFacClient(relay, room, { key: newFacilitatorKey() })
    const p = connectFacClient(relay, room)
    cleanup.push(fac.destroy, p.destroy)
    await Promise.all([welcomed(fac), welcomed(p)])
    await waitFor(() => fac.provider.synced && p.provider.synced, 'synced')
    writeRecord(fac.doc, shape('shape:zone', 'cb-zone'))
    writeRecord(fac.doc, shape('shape:a', 'note'))
    await waitFor(() => getRecordsMap(p.doc).has('shape:a'), 'synced records')
    await command(fac, { kind: 'vote', action: 'start', id: 'v1', scope: { kind: 'zone', zoneId: 'shape:zone' }, dots: 3 })
    expect(await dots(p, 'v1', 'u', ['shape:zone', 'shape:a'])).toMatchObject({ shapeIds: ['shape:a'] })
    await command(fac, { kind: 'vote', action: 'start', id: 'v2', dots: 3 })
    const mark = fac.received.length
    await command(fac, { kind: 'vote', action: 'reveal' })
    expect(await fac.next('tally', undefined, mark)).toEqual({ t: 'tally', voteId: 'v2', counts: {}, voters: 0 })
  })
})
