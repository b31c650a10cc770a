import { describe, expect, it, vi } from 'vitest'
import type { BoardVersions } from './BoardVersions'
import { askToGoAhead, pendingQuestion, saveBeforeBulkChange, setActiveBoardVersions } from './autoVersion'

function fakeVersions(save: BoardVersions['save'], canSave = true): BoardVersions {
  return { canSave: () => canSave, save } as unknown as BoardVersions
}

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('saveBeforeBulkChange', () => {
  it('goes ahead at once when there is nothing to save with (no board registered, or a view link)', async () => {
    await expect(saveBeforeBulkChange('before-import')).resolves.toBe(true)
    const save = vi.fn()
    const off = setActiveBoardVersions(fakeVersions(save, false), () => 'Mo')
    await expect(saveBeforeBulkChange('before-import')).resolves.toBe(true)
    expect(save).not.toHaveBeenCalled()
    off()
  })

  it('saves an automatic version with the reason, then goes ahead without asking', async () => {
    const save = vi.fn(async () => ({}) as never)
    const off = setActiveBoardVersions(fakeVersions(save), () => 'Mo')
    await expect(saveBeforeBulkChange('before-remove-template')).resolves.toBe(true)
    expect(save).toHaveBeenCalledWith('', 'before-remove-template', 'Mo', expect.objectContaining({ relayTimeoutMs: expect.any(Number) }))
    expect(pendingQuestion()).toBeNull()
    off()
  })

  it('when the save fails, says why and follows the answer', async () => {
    const off = setActiveBoardVersions(fakeVersions(async () => Promise.reject(new Error('disk full'))), () => 'Mo')
    const no = saveBeforeBulkChange('before-import')
    await tick()
    expect(pendingQuestion()?.text).toMatch(/disk full/)
    pendingQuestion()!.answer(false)
    await expect(no).resolves.toBe(false)
    const yes = saveBeforeBulkChange('before-restore')
    await tick()
    pendingQuestion()!.answer(true)
    await expect(yes).resolves.toBe(true)
    expect(pendingQuestion()).toBeNull()
    off()
  })

  it('a new question answers an older one "no"', async () => {
    const first = askToGoAhead('first?')
    const second = askToGoAhead('second?')
    await expect(first).resolves.toBe(false)
    expect(pendingQuestion()?.text).toBe('second?')
    pendingQuestion()!.answer(true)
    await expect(second).resolves.toBe(true)
  })
})
