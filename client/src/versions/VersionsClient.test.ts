import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { encodeVersionsFrame, parseVersionsClientMessage, readVersionsPayload, type VersionInfo, type VersionsServerMessage } from '@circleboard/shared'
import { VersionsClient, type VersionsTransport } from './VersionsClient'

function fakeTransport() {
  let open = false
  const frames = new Set<(p: Uint8Array) => void>()
  const status = new Set<(o: boolean) => void>()
  const sent: ReturnType<typeof parseVersionsClientMessage>[] = []
  const t: VersionsTransport = {
    isOpen: () => open,
    send(frame) {
      if (!open) return false
      sent.push(parseVersionsClientMessage(readVersionsPayload(frame.subarray(1))))
      return true
    },
    onFrame: (fn) => (frames.add(fn), () => frames.delete(fn)),
    onStatus: (fn) => (status.add(fn), () => status.delete(fn)),
  }
  return {
    t,
    sent,
    setOpen(o: boolean) {
      open = o
      for (const fn of status) fn(o)
    },
    deliver(msg: VersionsServerMessage | unknown) {
      const frame = encodeVersionsFrame(msg as VersionsServerMessage)
      for (const fn of frames) fn(frame.subarray(1))
    },
    deliverRaw(bytes: Uint8Array) {
      for (const fn of frames) fn(bytes)
    },
  }
}

const v = (n: number, createdAt: number, extra: Partial<VersionInfo> = {}): VersionInfo => ({
  n,
  name: '',
  kind: 'auto',
  reason: 'periodic',
  createdAt,
  author: '',
  summary: { shapes: 1, items: 1, actions: 0, actionsDone: 0 },
  bytes: 10,
  ...extra,
})

describe('VersionsClient', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('asks for the list when the socket opens and keeps it newest first', () => {
    const f = fakeTransport()
    const c = new VersionsClient()
    c.attach(f.t)
    expect(f.sent).toEqual([])
    f.setOpen(true)
    expect(f.sent).toEqual([{ t: 'list' }])
    expect(c.canSave()).toBe(false)
    f.deliver({ t: 'list', versions: [v(1, 100), v(3, 300), v(2, 200)] })
    expect(c.$versions.get().map((x) => x.n)).toEqual([3, 2, 1])
    expect(c.canSave()).toBe(true)
  })

  it('save resolves on the matching saved answer only', async () => {
    const f = fakeTransport()
    const c = new VersionsClient()
    c.attach(f.t)
    f.setOpen(true)
    f.deliver({ t: 'list', versions: [] })
    const p = c.save(' PATH, 12 January ', 'manual', 'Mo')
    const req = f.sent.at(-1)!
    expect(req).toMatchObject({ t: 'save', name: 'PATH, 12 January', reason: 'manual', author: 'Mo' })
    const reqId = (req as { reqId: string }).reqId
    let done: VersionInfo | null = null
    void p.then((x) => (done = x))
    f.deliver({ t: 'saved', reqId: 'someone-else', version: v(7, 700) })
    await Promise.resolve()
    expect(done).toBeNull()
    f.deliver({ t: 'saved', reqId, version: v(8, 800, { name: 'PATH, 12 January', kind: 'named', reason: 'manual' }) })
    await expect(p).resolves.toMatchObject({ n: 8, name: 'PATH, 12 January' })
    expect(c.$versions.get().map((x) => x.n)).toEqual([8, 7])
  })

  it('rename rejects with the relay message on a matching error', async () => {
    const f = fakeTransport()
    const c = new VersionsClient()
    c.attach(f.t)
    f.setOpen(true)
    const p = c.rename(3, 'Three months')
    const reqId = (f.sent.at(-1) as { reqId: string }).reqId
    f.deliver({ t: 'error', reqId, message: 'No such version.' })
    await expect(p).rejects.toThrow('No such version.')
  })

  it('delete sends the number, drops the version from the list on the answer, and rejects with the relay message', async () => {
    const f = fakeTransport()
    const c = new VersionsClient()
    c.attach(f.t)
    f.setOpen(true)
    f.deliver({ t: 'list', versions: [v(3, 300), v(2, 200)] })
    const p = c.delete(3)
    const sent = f.sent.at(-1) as { t: string; reqId: string; n: number }
    expect(sent).toMatchObject({ t: 'delete', n: 3 })
    f.deliver({ t: 'deleted', reqId: sent.reqId, n: 3 })
    await expect(p).resolves.toBeUndefined()
    expect(c.$versions.get().map((x) => x.n)).toEqual([2])
    const refused = c.delete(2)
    f.deliver({ t: 'error', reqId: (f.sent.at(-1) as { reqId: string }).reqId, message: 'Only the facilitator can delete a version of this board.' })
    await expect(refused).rejects.toThrow('Only the facilitator')
    expect(c.$versions.get().map((x) => x.n)).toEqual([2])
  })

  it('times out with a clear message, and fails at once when not connected', async () => {
    const f = fakeTransport()
    const c = new VersionsClient({ timeoutMs: 1000 })
    c.attach(f.t)
    await expect(c.save('', 'before-restore', 'Mo')).rejects.toThrow(/Not connected/)
    f.setOpen(true)
    const p = c.save('', 'before-restore', 'Mo')
    vi.advanceTimersByTime(1001)
    await expect(p).rejects.toThrow(/did not answer in time/)
  })

  it('a closing socket fails what is pending and stops being live', async () => {
    const f = fakeTransport()
    const c = new VersionsClient()
    c.attach(f.t)
    f.setOpen(true)
    f.deliver({ t: 'list', versions: [] })
    const p = c.save('x', 'manual', 'Mo')
    f.setOpen(false)
    await expect(p).rejects.toThrow(/closed/)
    expect(c.canSave()).toBe(false)
  })

  it('drops malformed frames and keeps the list it had', () => {
    const f = fakeTransport()
    const c = new VersionsClient()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    c.attach(f.t)
    f.setOpen(true)
    f.deliver({ t: 'list', versions: [v(1, 100)] })
    f.deliver({ t: 'list', versions: [{ ...v(2, 200), n: -1 }] })
    f.deliver({ t: 'nonsense' })
    f.deliverRaw(new Uint8Array([200, 1, 2]))
    expect(c.$versions.get().map((x) => x.n)).toEqual([1])
    expect(warn).toHaveBeenCalledTimes(3)
    warn.mockRestore()
  })

  it('an error that answers nothing is kept for the panel', () => {
    const f = fakeTransport()
    const c = new VersionsClient()
    c.attach(f.t)
    f.setOpen(true)
    f.deliver({ t: 'error', message: 'Too many saves; wait a minute.' })
    expect(c.$error.get()).toBe('Too many saves; wait a minute.')
  })
})
