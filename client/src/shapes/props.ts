/**
 * Props validators and migrations for Circleboard's custom shapes, kept apart from rendering (the
 * tldraw habit: TLNoteShape.ts vs NoteShapeUtil.tsx). Every record that enters the store — from
 * the network, IndexedDB or a file — is validated against these.
 *
 * Changing a prop later: add a migration id and a step here (never edit a released step), and update
 * templates/src/schemaSnapshot.ts (schema.test.ts tells you the new value).
 */
import { DefaultColorStyle, T, createShapePropsMigrationIds, createShapePropsMigrationSequence } from 'tldraw'
import type { RecordProps, TLBaseShape, TLDefaultColorStyle } from 'tldraw'
import { DEFAULT_ACCENT, LEGACY_LABEL_SIZE, LEGACY_PROMPT_SIZE } from '@circleboard/templates'
import type { ActionCardProps, ZoneProps } from '@circleboard/templates'

export type ZoneShape = TLBaseShape<'cb-zone', ZoneProps>
export type ActionShape = TLBaseShape<'cb-action', ActionCardProps>

export const zoneShapeProps: RecordProps<ZoneShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  templateId: T.string,
  instanceId: T.string,
  zoneId: T.string,
  label: T.string,
  prompt: T.string,
  kind: T.literalEnum('items', 'actions', 'decoration'),
  geometry: T.literalEnum('rect', 'ellipse', 'arrow', 'star'),
  color: T.string,
  // Version 1 (poster templates). Free strings and numbers: the renderer clamps sizes and draws
  // nothing for a colour or pictogram it does not know, so a newer template never fails validation.
  accent: T.string,
  labelSize: T.nonZeroNumber,
  promptSize: T.nonZeroNumber,
  decoration: T.string,
}

export const actionShapeProps: RecordProps<ActionShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  what: T.string,
  who: T.string,
  when: T.string,
  status: T.literalEnum('todo', 'doing', 'done'),
}

/**
 * cb-zone 1 (AddPosterStyle): text sizes, an accent colour and a pictogram/frame style. Zones of
 * earlier boards get the sizes they were drawn with before and no pictogram, so they look as they
 * did (only the font changes) and keep their geometry: membership, and so every plan, is unchanged.
 */
export const zoneShapeVersions = createShapePropsMigrationIds('cb-zone', { AddPosterStyle: 1 })
export const actionShapeVersions = createShapePropsMigrationIds('cb-action', {})

export const zoneShapeMigrations = createShapePropsMigrationSequence({
  sequence: [
    {
      id: zoneShapeVersions.AddPosterStyle,
      up(props: Record<string, unknown>) {
        props.accent = DEFAULT_ACCENT
        props.labelSize = LEGACY_LABEL_SIZE
        props.promptSize = LEGACY_PROMPT_SIZE
        props.decoration = 'none'
      },
      down(props: Record<string, unknown>) {
        delete props.accent
        delete props.labelSize
        delete props.promptSize
        delete props.decoration
      },
    },
  ],
})
export const actionShapeMigrations = createShapePropsMigrationSequence({ sequence: [] })

/**
 * cb-icon: a pictogram from the graphic-recording kit (client/src/kit). `icon` is a kit id
 * (catalog.ts); an id this app does not know draws a question mark, so a board from a newer app
 * with more pictograms still opens. `text` is its label: a labelled pictogram is a plan item
 * (extraction reads `props.text` like any other text-carrying shape). `w` is the pictogram's
 * size; `h` is `w`, plus room for the label when there is one (kept so by IconShapeUtil).
 */
export type IconShape = TLBaseShape<'cb-icon', { w: number; h: number; icon: string; color: TLDefaultColorStyle; text: string }>

export const iconShapeProps: RecordProps<IconShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  icon: T.string,
  color: DefaultColorStyle,
  text: T.string,
}
export const iconShapeMigrations = createShapePropsMigrationSequence({ sequence: [] })
