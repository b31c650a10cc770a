import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { concurrentlyLostValues, keptVersionId, type LostValue } from './lostVersions'

function pair(a: number, b: number) {
  const docA = new Y.Doc()
  docA.clientID = a
  const docB = new Y.Doc()
  docB.clientID = b
  return [docA, docB] as const
}

/** Applies `from`'s news to `to`, collecting what each transaction lost under map 'm' key 'k'. */
function deliver(from: Y.Doc, to: Y.Doc): LostValue[] {
  const lost: LostValue[] = []
  const map = to.getMap('m')
  const onTx = (tx: Y.Transaction) => lost.push(...concurrentlyLostValues(map, 'k', tx))
  to.on('afterTransaction', onTx)
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)))
  to.off('afterTransaction', onTx)
  return lost
}

describe('concurrentlyLostValues', () => {
  it('an overwrite by someone who saw the value is not a loss', () => {
    const [a, b] = pair(1, 2)
    a.getMap('m').set('k', 'one')
    deliver(a, b)
    b.getMap('m').set('k', 'two')
    expect(deliver(b, a)).toEqual([])
    expect(a.getMap('m').get('k')).toBe('two')
  })

  it('a delete of the key is a choice, not a loss', () => {
    const [a, b] = pair(1, 2)
    a.getMap('m').set('k', 'one')
    deliver(a, b)
    b.getMap('m').delete('k')
    expect(deliver(b, a)).toEqual([])
  })

  it('two writes made without seeing each other: each side learns of the loser, with the same id', () => {
    const [a, b] = pair(1, 2)
    a.getMap('m').set('k', 'base')
    deliver(a, b)
    a.getMap('m').set('k', 'from a')
    b.getMap('m').set('k', 'from b')
    // both updates are on the wire before either arrives (a relay would have applied one first)
    const a2 = new Y.Doc()
    Y.applyUpdate(a2, Y.encodeStateAsUpdate(a))
    const atA = deliver(b, a)
    const atB = deliver(a2, b)
    // one side showed the loser until now, the other received it already beaten
    const all = [...atA, ...atB]
    expect(all).toHaveLength(2)
    expect(new Set(all.map(keptVersionId)).size).toBe(1)
    expect(all.filter((l) => l.wasVisible)).toHaveLength(1)
    const winner = a.getMap('m').get('k')
    expect(b.getMap('m').get('k')).toBe(winner)
    const beaten = all.find((l) => !l.wasVisible)!
    expect(beaten.json).toBe(winner === 'from a' ? 'from b' : 'from a')
  })

  it('a type that loses is reported without a JSON value', () => {
    const [a, b] = pair(1, 2)
    a.getMap('m').set('k', 'base')
    deliver(a, b)
    a.getMap('m').set('k', new Y.XmlFragment())
    b.getMap('m').set('k', new Y.XmlFragment())
    const lost = [...deliver(b, a), ...deliver(a, b)]
    expect(lost).toHaveLength(2)
    expect(lost.every((l) => l.json === undefined)).toBe(true)
  })
})

describe('keptTextsArrivingBeaten', () => {
  it('a JSON text that arrives already beaten becomes a note beside the original, once', async () => {
    const { writeRecord, readRecordById } = await import('./doclayout')
    const { fillRichText } = await import('./richTextDoc')
    const { keptTextsArrivingBeaten } = await import('./lostVersions')
    const text = (t: string) => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: t }] }] })
    const relay = new Y.Doc()
    relay.clientID = 9
    writeRecord(relay, { id: 'shape:n', typeName: 'shape', type: 'note', x: 10, y: 20, index: 'a1', props: { richText: text('Dream') }, meta: {} })
    const old = new Y.Doc()
    old.clientID = 1
    Y.applyUpdate(old, Y.encodeStateAsUpdate(relay))
    // the relay's board moves on: the text becomes a fragment (layout 2) with more words
    const props = (relay.getMap('records').get('shape:n') as Y.Map<unknown>).get('props') as Y.Map<unknown>
    relay.transact(() => {
      const f = new Y.XmlFragment()
      props.set('richText', f)
      fillRichText(f, text('Dream: a job') as never)
    })
    // an old app, offline, wrote JSON over the text it knew
    ;((old.getMap('records').get('shape:n') as Y.Map<unknown>).get('props') as Y.Map<unknown>).set('richText', text('Dream: a home'))
    const kept: Array<Record<string, unknown>> = []
    relay.on('afterTransaction', (tx: Y.Transaction) => kept.push(...keptTextsArrivingBeaten(relay, tx)))
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(old, Y.encodeStateVector(relay)))
    const now = readRecordById(relay, 'shape:n') as { props: { richText: unknown } }
    // whichever won, the other text is in a kept note (or, if the JSON won, devices keep the fragment)
    // with these client ids the relay's fragment wins, and the old app's words arrive beaten
    expect(now.props.richText).toEqual(text('Dream: a job'))
    expect(kept).toHaveLength(1)
    expect(kept[0]).toMatchObject({ x: 230, y: 20, index: 'a1V', props: { richText: text('Dream: a home') }, meta: { keptVersionOf: 'shape:n' } })
  })
})
