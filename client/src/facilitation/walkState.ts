/**
 * The walk-through's shared UI state, apart from walk.ts: the zone shapes (in the board's first
 * load) read `walkFocus`, while walk.ts (which needs every template's steps) is loaded with the
 * activity layer when a walk, vote or private writing starts (board/lazyParts.tsx).
 */
import { atom, type Editor } from 'tldraw'

export interface WalkFocus {
  instanceId: string
  /** Zone ids of the current step. */
  zoneIds: string[]
  /** Zone ids that some step covers (zones outside every step, like PATH's arrow, are never dimmed). */
  stepZoneIds: string[]
}

/** The current step's zones, for the zone shapes and the plan panel (null: nobody is walking). */
export const walkFocus = atom<WalkFocus | null>('cb walk focus', null)

/** The open board's editor, for activity views drawn outside tldraw (the projector's step banner). */
export const activeBoardEditor = atom<Editor | null>('cb active board editor', null)
