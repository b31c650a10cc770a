/**
 * Props validators and migrations for Circleboard's custom shapes, kept apart from rendering (the
 * tldraw habit: TLNoteShape.ts vs NoteShapeUtil.tsx). Every record that enters the store — from
 * the network, IndexedDB or a file — is validated against these.
 *
 * Changing a prop later: add a migration id and a step here (never edit a released step), and update
 * templates/src/schemaSnapshot.ts (schema.test.ts tells you the new value).
 */
import { T, createShapePropsMigrationIds, createShapePropsMigrationSequence } from 'tldraw'
import type { RecordProps, TLBaseShape } from 'tldraw'
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
}

export const actionShapeProps: RecordProps<ActionShape> = {
  w: T.nonZeroNumber,
  h: T.nonZeroNumber,
  what: T.string,
  who: T.string,
  when: T.string,
  status: T.literalEnum('todo', 'doing', 'done'),
}

/** No migrations yet: version 0 of both shapes. The ids object is where new versions go. */
export const zoneShapeVersions = createShapePropsMigrationIds('cb-zone', {})
export const actionShapeVersions = createShapePropsMigrationIds('cb-action', {})

export const zoneShapeMigrations = createShapePropsMigrationSequence({ sequence: [] })
export const actionShapeMigrations = createShapePropsMigrationSequence({ sequence: [] })
