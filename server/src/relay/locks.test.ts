/**
 * Locked zones are enforced by the relay: a tampered participant client that changes a locked
 * record sees it put back (and is told), while the facilitator's changes and everyone's edits
 * of unlocked shapes stick.
 */
import { describe, expect, it } from 'vitest'
import {
  deleteRecord,
  getRecordsMap,
  newFacilitatorKey,
  readRecordById,
  upgradeBoardLayout,
  writeRecord,
  writeRecordChanges,
  type FacilitationCommand,
} from '@circleboard/shared'
import * as Y from 'yjs'
import { connectFacClient, welcomed, type FacClient } from '../testing/facilitationClient'
import { cleanupAfterEach, randomRoomId, startTestRelay, waitFor } from '../testing/relayHarness'
import { REFUSED } from './RoomFacilitation'

const cleanup = cleanupAfterEach()

const richText = (text: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] })
const ZONE = {
  id: 'shape:zone_dream',
  typeName: 'shape',
  type: 'cb-zone',
  x: 0,
  y: 0,
  rotation: 0,
  index: 'a1',
  parentId: 'page:page',
  isLocked: true,
  opacity: 1,
  props: { w: 600, h: 400, templateId: 'path', instanceId: 'p1', zoneId: 'dream', label: 'Dream', prompt: 'Hopes' },
  meta: {},
}
const NOTE = {
  id: 'shape:note1',
  typeName: 'shape',
  type: 'note',
  x: 50,
  y: 60,
  rotation: 0,
  index: 'a2',
  parentId: 'page:page',
  isLocked: false,
  opacity: 1,
  props: { color: 'yellow', richText: richText('A home of my own') },
  meta: {},
}
type Rec = { id: string; x: number; type: string; props: Record<string, unknown> }
type TestRelay = Awaited<ReturnType<typeof startTestRelay>>

async function session(): Promise<{ relay: TestRelay; fac: FacClient; part: FacClient; other: FacClient }> {
  const relay = await startTestRelay()
  cleanup.push(() => relay.close())
  const room = randomRoomId()
  const fac = connectFacClient(relay, room, { key: newFacilitatorKey() })
  const part = connectFacClient(relay, room)
  const other = connectFacClient(relay, room)
  cleanup.push(fac.destroy, part.destroy, other.destroy)
  await Promise.all([welcomed(fac), welcomed(part), welcomed(other)])
  await waitFor(() => fac.provider.synced && part.provider.synced && other.provider.synced, 'synced')
  upgradeBoardLayout(fac.doc)
  writeRecord(fac.doc, ZONE)
  writeRecord(fac.doc, NOTE)
  await waitFor(() => getRecordsMap(part.doc).has(NOTE.id) && getRecordsMap(other.doc).has(NOTE.id), 'board reached everyone')
  return { relay, fac, part, other }
}

async function command(fac: FacClient, everyone: FacClient[], cmd: FacilitationCommand): Promise<void> {
  const marks = everyone.map((c) => c.received.length)
  fac.send({ t: 'cmd', cmd })
  await Promise.all(everyone.map((c, i) => c.next('state', undefined, marks[i])))
}

const read = (c: FacClient, id: string) => readRecordById(c.doc, id) as Rec | null

/** Changes from `from` are all in `to` once `to` has this later marker (one socket keeps order). */
let markerN = 0
async function flush(from: FacClient, to: FacClient): Promise<void> {
  const n = ++markerN
  from.doc.getMap('test').set('marker', n)
  await waitFor(() => to.doc.getMap('test').get('marker') === n, 'marker')
}

function move(c: FacClient, record: { id: string }, x: number): void {
  const current = readRecordById(c.doc, record.id) as Rec
  writeRecordChanges(c.doc, current, { ...current, x })
}

describe('locked zones', () => {
  it('puts back a zone a participant moves, deletes or replaces, and tells that participant', async () => {
    const { relay, fac, part, other } = await session()
    await command(fac, [fac, part, other], { kind: 'lock', zones: true })

    let mark = part.received.length
    move(part, ZONE, 999)
    const refused = await part.next('refused', undefined, mark)
    expect(refused).toEqual({ t: 'refused', reason: REFUSED.locked, ids: [ZONE.id] })
    await waitFor(() => read(part, ZONE.id)?.x === 0, 'the participant sees the zone back')
    await flush(part, other)
    expect(read(other, ZONE.id)).toEqual(ZONE)
    expect(other.all('refused')).toHaveLength(0)

    mark = part.received.length
    deleteRecord(part.doc, ZONE.id)
    await part.next('refused', undefined, mark)
    await waitFor(() => read(part, ZONE.id) !== null, 'the deleted zone comes back')
    expect(read(part, ZONE.id)).toEqual(ZONE)

    mark = part.received.length
    part.doc.transact(() => {
      const replacement = new Y.Map<unknown>()
      getRecordsMap(part.doc).set(ZONE.id, replacement)
      replacement.set('id', ZONE.id)
      replacement.set('type', 'note')
    })
    await part.next('refused', undefined, mark)
    await waitFor(() => read(part, ZONE.id)?.type === 'cb-zone', 'the replaced zone is a zone again')
    expect(read(part, ZONE.id)).toEqual(ZONE)
    await flush(part, fac)
    expect(read(fac, ZONE.id)).toEqual(ZONE)
    expect(relay.metrics.errors.get('locked_edit_undone')).toBe(3)
  })

  it('lets the facilitator move a locked zone, and a participant edit a note; keeps the moved zone as the good value', async () => {
    const { fac, part, other } = await session()
    await command(fac, [fac, part, other], { kind: 'lock', zones: true })

    move(fac, ZONE, 300)
    await flush(fac, part)
    expect(read(part, ZONE.id)?.x).toBe(300)

    const note = read(part, NOTE.id)!
    writeRecordChanges(part.doc, note, { ...note, x: 70, props: { ...note.props, richText: richText('A home of my own, with a garden') } })
    await flush(part, fac)
    expect(read(fac, NOTE.id)).toMatchObject({ x: 70, props: { richText: richText('A home of my own, with a garden') } })
    expect(part.all('refused')).toHaveLength(0)

    // A participant creating shapes is not restricted either.
    writeRecord(part.doc, { ...NOTE, id: 'shape:note2', x: 400 })
    await flush(part, fac)
    expect(read(fac, 'shape:note2')?.x).toBe(400)

    // The facilitator's move is what a participant's change is undone to.
    move(part, ZONE, -50)
    await waitFor(() => part.all('refused').length === 1, 'refused')
    await waitFor(() => read(part, ZONE.id)?.x === 300, 'back to where the facilitator put it')
  })

  it('locks listed shapes (rich text included) and nothing once the lock is off', async () => {
    const { fac, part, other } = await session()
    await command(fac, [fac, part, other], { kind: 'lock', zones: false, ids: [NOTE.id] })

    const note = read(part, NOTE.id)!
    writeRecordChanges(part.doc, note, { ...note, props: { ...note.props, richText: richText('Rewritten') } })
    await waitFor(() => part.all('refused').length === 1, 'refused')
    await waitFor(() => JSON.stringify(read(part, NOTE.id)?.props.richText) === JSON.stringify(richText('A home of my own')), 'text put back')
    // Zones are not locked in this state.
    move(part, ZONE, 10)
    await flush(part, fac)
    expect(read(fac, ZONE.id)?.x).toBe(10)
    expect(part.all('refused')).toHaveLength(1)

    await command(fac, [fac, part, other], { kind: 'lock', zones: false, ids: [] })
    move(part, NOTE, 777)
    await flush(part, fac)
    expect(read(fac, NOTE.id)?.x).toBe(777)
    expect(part.all('refused')).toHaveLength(1)
  })

  it('keeps the lock across a relay restart', async () => {
    const { relay, fac, part, other } = await session()
    await command(fac, [fac, part, other], { kind: 'lock', zones: true })
    for (const c of [fac, part, other]) c.destroy()
    await relay.close()
    const again = await startTestRelay({ dataDir: relay.dataDir })
    cleanup.push(() => again.close())
    const room = part.provider.roomname
    const p2 = connectFacClient(again, room)
    const o2 = connectFacClient(again, room)
    cleanup.push(p2.destroy, o2.destroy)
    await Promise.all([welcomed(p2), welcomed(o2)])
    await waitFor(() => read(p2, ZONE.id) !== null, 'board loaded')
    move(p2, ZONE, 123)
    await waitFor(() => p2.all('refused').length === 1, 'refused after restart')
    await waitFor(() => read(p2, ZONE.id)?.x === 0, 'put back after restart')
  })
})
