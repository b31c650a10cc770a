/**
 * What the role stamp on presence costs the relay per awareness state: the old path relayed an
 * editor's state text untouched unless it mentioned "viewOnly"; now every state is re-serialised
 * with the relay's `role`. Both start from the parse parseAwarenessUpdate already does.
 * Run: node --import tsx bench/presence-stamp.ts   (in server/)
 */
import { stampPresence } from '../src/relay/Room'

function presence(padBytes: number): string {
  return JSON.stringify({
    user: { id: 'epDk1n0mRUq9K3l2cB5xtw', name: 'Liz (facilitator)', color: '#d9480f' },
    presence: {
      id: 'instance_presence:epDk1n0mRUq9K3l2cB5xtw',
      typeName: 'instance_presence',
      userId: 'epDk1n0mRUq9K3l2cB5xtw',
      userName: 'Liz',
      lastActivityTimestamp: 1_800_000_000_000,
      color: '#d9480f',
      camera: { x: -1234.5, y: 567.25, z: 0.8 },
      selectedShapeIds: ['shape:abc', 'shape:def'],
      currentPageId: 'page:page',
      brush: null,
      scribbles: [],
      screenBounds: { x: 0, y: 0, w: 1440, h: 900 },
      followingUserId: null,
      cursor: { x: 812.5, y: 431.75, type: 'default', rotation: 0 },
      chatMessage: '',
      meta: {},
    },
    pad: 'x'.repeat(padBytes),
  })
}

function perCall(fn: () => unknown, n: number): number {
  for (let i = 0; i < 2000; i++) fn() // warm up
  const t0 = process.hrtime.bigint()
  for (let i = 0; i < n; i++) fn()
  return Number(process.hrtime.bigint() - t0) / n / 1000
}

for (const pad of [0, 2 * 1024, 60 * 1024]) {
  const text = presence(pad)
  const n = pad > 10_000 ? 5_000 : 100_000
  const parseOnly = perCall(() => JSON.parse(text), n)
  const parseAndStamp = perCall(() => stampPresence(text, JSON.parse(text), 'participant'), n)
  console.log(
    `${String(text.length).padStart(6)} B state: parse ${parseOnly.toFixed(2)} µs (already paid), ` +
      `parse+stamp ${parseAndStamp.toFixed(2)} µs, stamp adds ${(parseAndStamp - parseOnly).toFixed(2)} µs (${(parseAndStamp / parseOnly).toFixed(2)}×)`,
  )
}
