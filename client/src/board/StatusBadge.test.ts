import { describe, expect, it } from 'vitest'
import { shownStatus } from './StatusBadge'
import type { SessionState } from './session'

const state = (patch: Partial<SessionState>): SessionState => ({
  relay: 'synced',
  local: 'saved',
  problem: null,
  blocked: null,
  people: [],
  boardName: '',
  invalidRecords: 0,
  pendingChanges: false,
  ...patch,
})

describe('shownStatus', () => {
  it('says offline as soon as the browser is offline, whatever the socket thinks', () => {
    expect(shownStatus(state({ relay: 'synced' }), false, false).relay).toBe('offline')
    expect(shownStatus(state({ relay: 'synced' }), true, false).relay).toBe('synced')
    // A relay that closed on purpose stays "stopped": that is the more useful message.
    expect(shownStatus(state({ relay: 'stopped' }), false, false).relay).toBe('stopped')
  })
  it('claims unsent changes only for changes made in this visit', () => {
    expect(shownStatus(state({ relay: 'offline', pendingChanges: true }), false, true).pending).toBe('unsent')
    // After an offline reload: nothing was changed here, the relay just cannot be asked.
    expect(shownStatus(state({ relay: 'offline', pendingChanges: true }), false, false).pending).toBe('unchecked')
    expect(shownStatus(state({ relay: 'synced', pendingChanges: true }), true, false).pending).toBe('checking')
    expect(shownStatus(state({ relay: 'synced', pendingChanges: false }), true, true).pending).toBe('none')
  })
})
