import { describe, expect, it, vi } from 'vitest'
import { loadPart, PART_FAILED } from './loadPart'

describe('loadPart', () => {
  it('returns the module when it loads', async () => {
    await expect(loadPart(async () => ({ answer: 42 }))).resolves.toEqual({ answer: 42 })
  })

  it('tries once more after a failed load (a network blip)', async () => {
    const load = vi.fn().mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module')).mockResolvedValueOnce({ ok: true })
    await expect(loadPart(load)).resolves.toEqual({ ok: true })
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('says plainly what happened when the file is gone (a new deploy removed it)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const load = vi.fn().mockRejectedValue(new TypeError('Failed to fetch dynamically imported module: /assets/BoardTools-old.js'))
    await expect(loadPart(load)).rejects.toThrow(PART_FAILED)
    expect(load).toHaveBeenCalledTimes(2)
    expect(PART_FAILED).toMatch(/Reload the page/)
    warn.mockRestore()
  })
})
