import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { fillRichText, readRecordById, writeRecord } from '@circleboard/shared'
import { cleanupAfterEach, connectClient, randomRoomId, startTestRelay, waitFor, waitForSynced } from '../testing/relayHarness'

const cleanup = cleanupAfterEach()
const text = (t: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] })

describe('a note text that arrives beaten at the relay', () => {
  it('an old app writing JSON text offline over merged text: its words are kept as a second note for everyone', async () => {
    const relay = await startTestRelay()
    cleanup.push(() => relay.close())
    const room = randomRoomId()
    // the board as an old app last saw it: the note's text as JSON
    const base = new Y.Doc()
    writeRecord(base, { id: 'shape:n', typeName: 'shape', type: 'note', x: 0, y: 0, index: 'a1', props: { richText: text('Dream') }, meta: {} })
    const old = new Y.Doc()
    old.clientID = 1 // below the new app's: the new app's text wins the key, the old app's loses
    Y.applyUpdate(old, Y.encodeStateAsUpdate(base))

    const freshDoc = new Y.Doc()
    freshDoc.clientID = 1_000_000
    const fresh = connectClient(relay, room, { doc: freshDoc })
    cleanup.push(fresh.destroy)
    await waitForSynced(fresh)
    Y.applyUpdate(fresh.doc, Y.encodeStateAsUpdate(base))
    // a current app converts the text to a fragment and types on
    const props = (fresh.doc.getMap('records').get('shape:n') as Y.Map<unknown>).get('props') as Y.Map<unknown>
    fresh.doc.transact(() => {
      const f = new Y.XmlFragment()
      props.set('richText', f)
      fillRichText(f, text('Dream: a job') as never)
    })
    await waitFor(() => relay.metrics.updatesStored >= 2, 'the fragment stored')

    // the old app, offline meanwhile, replaced the JSON text; it now reconnects
    ;((old.getMap('records').get('shape:n') as Y.Map<unknown>).get('props') as Y.Map<unknown>).set('richText', text('Dream: a home'))
    const back = connectClient(relay, room, { doc: old })
    cleanup.push(back.destroy)
    await waitForSynced(back)

    await waitFor(() => fresh.doc.getMap('records').size === 2, 'a second note reaches the other device')
    const kept = [...fresh.doc.getMap('records').keys()].find((k) => k !== 'shape:n')!
    expect(kept).toMatch(/^shape:kept-1-/)
    expect(readRecordById(fresh.doc, kept)).toMatchObject({ props: { richText: text('Dream: a home') }, meta: { keptVersionOf: 'shape:n' } })
    expect(readRecordById(fresh.doc, 'shape:n')).toMatchObject({ props: { richText: text('Dream: a job') } })
    // and a device joining later gets it from the relay's store
    const late = connectClient(relay, room)
    cleanup.push(late.destroy)
    await waitForSynced(late)
    await waitFor(() => late.doc.getMap('records').size === 2, 'the late joiner has both notes')
  })
})
