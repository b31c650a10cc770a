import { CloseCode } from '@circleboard/shared'
import { describe, expect, it } from 'vitest'
import { cleanupAfterEach } from './testing/relayHarness'
import { createJsonLogger, createMemoryLogger } from './log'
import { randomRoomId, rawClient, startTestRelay, wsUrl } from './testing/relayHarness'

const cleanup = cleanupAfterEach()

describe('structured logs', () => {
  it('writes one JSON object per line, errors reduced to name and message, levels filtered', () => {
    const lines: string[] = []
    const log = createJsonLogger((l) => lines.push(l), 'info')
    log.debug('hidden')
    log.info('room loaded', { roomId: 'abc', n: 2 })
    log.error('boom', { error: new TypeError('bad thing') })
    const circular: Record<string, unknown> = {}
    circular.self = circular
    log.warn('odd', { circular })
    expect(lines).toHaveLength(3)
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true)
    const [a, b, c] = lines.map((l) => JSON.parse(l))
    expect(a).toMatchObject({ level: 'info', msg: 'room loaded', roomId: 'abc', n: 2 })
    expect(typeof a.time).toBe('string')
    expect(b.error).toEqual({ name: 'TypeError', message: 'bad thing' })
    expect(c).toMatchObject({ level: 'warn', msg: 'odd', fields: 'unserializable' })
  })

  it('the relay reports closes through the logger it was given', async () => {
    const logger = createMemoryLogger()
    const relay = await startTestRelay({ logger })
    cleanup.push(() => relay.close())
    const c = rawClient(`${wsUrl(relay)}/sync/${randomRoomId()}`)
    await c.opened
    c.ws.send('not binary')
    expect((await c.closed).code).toBe(CloseCode.badMessage)
    expect(logger.entries.some((e) => e.msg === 'closing connection' && e.fields.code === CloseCode.badMessage)).toBe(true)
    expect(logger.entries.some((e) => e.msg === 'relay listening')).toBe(true)
  })
})
