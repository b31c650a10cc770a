import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeRelaySnapshot, relayHasAllOf } from './syncState'

function pair() {
  const relay = new Y.Doc()
  const device = new Y.Doc()
  const sync = () => {
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(device))
    Y.applyUpdate(device, Y.encodeStateAsUpdate(relay))
  }
  return { relay, device, sync }
}

describe('relayHasAllOf', () => {
  it('is true when both hold the same changes, false after a local insert', () => {
    const { relay, device, sync } = pair()
    device.getMap('records').set('a', 1)
    expect(relayHasAllOf(encodeRelaySnapshot(relay), device)).toBe(false)
    sync()
    expect(relayHasAllOf(encodeRelaySnapshot(relay), device)).toBe(true)
  })

  it('sees a deletion the relay lacks even though state vectors match', () => {
    const { relay, device, sync } = pair()
    device.getArray('xs').insert(0, [1, 2, 3])
    sync()
    // A deletion that was never sent: the device's state vector does not move.
    const detached = new Y.Doc()
    Y.applyUpdate(detached, Y.encodeStateAsUpdate(device))
    detached.getArray('xs').delete(0, 2)
    expect(Y.encodeStateVector(detached)).toEqual(Y.encodeStateVector(relay))
    expect(relayHasAllOf(encodeRelaySnapshot(relay), detached)).toBe(false)
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(detached))
    expect(relayHasAllOf(encodeRelaySnapshot(relay), detached)).toBe(true)
  })

  it('is true when the relay has more than the device (others wrote too)', () => {
    const { relay, device, sync } = pair()
    device.getMap('m').set('x', 1)
    sync()
    relay.getMap('m').set('y', 2)
    expect(relayHasAllOf(encodeRelaySnapshot(relay), device)).toBe(true)
  })

  it('an empty device is always covered', () => {
    const relay = new Y.Doc()
    relay.getMap('m').set('x', 1)
    expect(relayHasAllOf(encodeRelaySnapshot(relay), new Y.Doc())).toBe(true)
  })
})
