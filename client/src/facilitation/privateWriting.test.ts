// @vitest-environment jsdom
/**
 * Private writing in the first seconds after a reload: the board shows, and can be written on,
 * before the relay has said whether a round is on (board/session.ts). The round this device last
 * heard of counts until then; what the relay then says settles it.
 */
import 'fake-indexeddb/auto'
import {
  createTLStore,
  defaultBindingUtils,
  defaultShapeUtils,
  Editor,
  type TLShape,
} from 'tldraw'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { FacilitationState } from '@circleboard/shared'
import { headlessEditor, stubMatchMedia } from '../sync/testkit'
import { createOfflineFacilitation, type FacilitationHandle } from './api'
import { installPrivateWriting, privateRoundOf } from './privateWriting'
import { rememberWritingRound, rememberedWritingRound } from './privateStore'

beforeAll(stubMatchMedia)
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
  localStorage.clear()
})

function board(boardKey: string) {
  const editor = headlessEditor(createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils }))
  // A participant on a relay board, before the relay has spoken.
  const handle = createOfflineFacilitation('participant')
  const uninstall = installPrivateWriting({ editor, handle, boardKey })
  cleanups.push(() => {
    uninstall()
    editor.dispose()
  })
  return { editor, handle }
}

/** The relay speaks: its state, live. */
function relaySays(handle: FacilitationHandle, patch: Partial<FacilitationState>) {
  ;(handle.$state as unknown as { set(v: FacilitationState): void }).set({ ...handle.$state.get(), ...patch })
  ;(handle.$live as unknown as { set(v: boolean): void }).set(true)
}

function write(editor: Editor, x: number): TLShape {
  editor.createShape({ type: 'note', x, y: 0 })
  return editor.getCurrentPageShapes().find((s) => s.x === x)!
}

const settle = () => new Promise((r) => setTimeout(r, 10))

describe('private writing just after a reload', () => {
  it('a note written before the relay speaks is marked with the round this device last heard of', async () => {
    rememberWritingRound('room-a', 'r1')
    const { editor, handle } = board('room-a')
    const early = write(editor, 10)
    expect(privateRoundOf(early)).toBe('r1')
    // the relay confirms the round is still on: the note stays private
    relaySays(handle, { privateWriting: { round: 'r1', status: 'writing' } })
    await settle()
    expect(privateRoundOf(editor.getShape(early.id)!)).toBe('r1')
    expect(privateRoundOf(write(editor, 20))).toBe('r1')
  })

  it('if the round had ended meanwhile, unrevealed, the early note goes to the board after all', async () => {
    rememberWritingRound('room-b', 'r1')
    const { editor, handle } = board('room-b')
    const early = write(editor, 10)
    expect(privateRoundOf(early)).toBe('r1')
    relaySays(handle, { privateWriting: { round: 'r1', status: 'ended' } })
    await settle()
    expect(privateRoundOf(editor.getShape(early.id)!)).toBeNull()
    expect(rememberedWritingRound('room-b')).toBeNull() // and it is no longer remembered
  })

  it('what the relay says is remembered for the next open; nothing remembered, nothing marked', async () => {
    const { editor, handle } = board('room-c')
    expect(privateRoundOf(write(editor, 10))).toBeNull()
    relaySays(handle, { privateWriting: { round: 'r7', status: 'writing' } })
    expect(rememberedWritingRound('room-c')).toBe('r7')
    expect(privateRoundOf(write(editor, 20))).toBe('r7')
    expect(rememberedWritingRound('room-other')).toBeNull()
  })
})
