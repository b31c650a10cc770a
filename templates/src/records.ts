/**
 * Builders for tldraw 3.15 records as plain JSON (no tldraw runtime): zones, notes, action cards,
 * arrows, the page and the document. Every builder produces a record that passes tldraw's store
 * validation (checked by client/src/shapes/records.test.ts against a real TLStore).
 */
import { plainToRichText } from '@circleboard/shared'
import type { PlanAction } from '@circleboard/shared'
import type { ZoneGeometry } from './geometry'
import { ACTION_SHAPE_TYPE, ZONE_SHAPE_TYPE } from './types'
import type { ZoneKind } from './types'

/** The fields every tldraw shape record has. Cast to tldraw's `TLShape` where you need its type. */
export interface ShapeRecord<Props extends object = object> {
  id: string
  typeName: 'shape'
  type: string
  x: number
  y: number
  rotation: number
  index: string
  parentId: string
  isLocked: boolean
  opacity: number
  props: Props
  meta: Record<string, unknown>
}

export interface ZoneProps {
  w: number
  h: number
  templateId: string
  instanceId: string
  zoneId: string
  label: string
  prompt: string
  kind: ZoneKind
  geometry: ZoneGeometry
  color: string
  /** Added in cb-zone props version 1 (older zones migrate to the legacy values in client/src/shapes/props.ts). */
  accent: string
  labelSize: number
  promptSize: number
  /** A pictogram or frame style name ('none' for none); unknown names draw nothing. */
  decoration: string
}

export type ActionStatusProp = 'todo' | 'doing' | 'done'

export interface ActionCardProps {
  w: number
  h: number
  what: string
  who: string
  when: string
  status: ActionStatusProp
}

export type ZoneShapeRecord = ShapeRecord<ZoneProps>
export type ActionShapeRecord = ShapeRecord<ActionCardProps>

export const DEFAULT_PAGE_ID = 'page:page'
export const DOCUMENT_ID = 'document:document'
/** Size of a tldraw note at scale 1. */
export const NOTE_SIZE = 200
export const ACTION_CARD_W = 300
export const ACTION_CARD_H = 170

/** Zone shape ids are derived from instance and zone so a template instance cannot be inserted twice by accident. */
export function zoneShapeId(instanceId: string, zoneId: string): string {
  return `shape:zone_${instanceId}_${zoneId}`
}

function base(id: string, type: string, x: number, y: number, index: string, parentId: string) {
  return { id, typeName: 'shape' as const, type, x, y, rotation: 0, index, parentId, isLocked: false, opacity: 1 }
}

export function makeZoneShape(args: { id: string; parentId: string; index: string; x: number; y: number; props: ZoneProps }): ZoneShapeRecord {
  return { ...base(args.id, ZONE_SHAPE_TYPE, args.x, args.y, args.index, args.parentId), isLocked: true, props: { ...args.props }, meta: {} }
}

/** A tldraw note (sticky). `color` is a tldraw colour name ('yellow', 'light-green', ...). */
export function makeNote(args: {
  id: string
  parentId: string
  index: string
  x: number
  y: number
  text: string
  scale?: number
  color?: string
}): ShapeRecord {
  return {
    ...base(args.id, 'note', args.x, args.y, args.index, args.parentId),
    props: {
      color: args.color ?? 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 0,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: plainToRichText(args.text),
      scale: args.scale ?? 1,
    },
    meta: {},
  }
}

/**
 * A cb-action card. A plan's `dueDate` is kept in `meta` together with the `when` it was read from,
 * so it survives an import even when it cannot be recomputed from `when` (and is ignored as soon as
 * someone edits `when`).
 */
export function makeActionCard(args: {
  id: string
  parentId: string
  index: string
  x: number
  y: number
  w?: number
  h?: number
  action: Omit<PlanAction, 'shapeId'>
}): ActionShapeRecord {
  const a = args.action
  return {
    ...base(args.id, ACTION_SHAPE_TYPE, args.x, args.y, args.index, args.parentId),
    props: { w: args.w ?? ACTION_CARD_W, h: args.h ?? ACTION_CARD_H, what: a.what, who: a.who, when: a.when, status: a.status },
    meta: a.dueDate ? { dueDate: a.dueDate, dueFor: a.when } : {},
  }
}

/** An unbound arrow from page point `from` to page point `to`, with a text label. */
export function makeArrow(args: {
  id: string
  parentId: string
  index: string
  from: { x: number; y: number }
  to: { x: number; y: number }
  text: string
  bend?: number
}): ShapeRecord {
  return {
    ...base(args.id, 'arrow', args.from.x, args.from.y, args.index, args.parentId),
    props: {
      kind: 'arc',
      elbowMidPoint: 0.5,
      dash: 'draw',
      size: 'l',
      fill: 'none',
      color: 'black',
      labelColor: 'black',
      bend: args.bend ?? 0,
      start: { x: 0, y: 0 },
      end: { x: args.to.x - args.from.x, y: args.to.y - args.from.y },
      arrowheadStart: 'none',
      arrowheadEnd: 'arrow',
      text: args.text,
      labelPosition: 0.5,
      font: 'draw',
      scale: 1,
    },
    meta: {},
  }
}

export function makePage(args: { id?: string; name?: string; index?: string; meta?: Record<string, unknown> } = {}) {
  return { id: args.id ?? DEFAULT_PAGE_ID, typeName: 'page' as const, name: args.name ?? 'Page 1', index: args.index ?? 'a1', meta: args.meta ?? {} }
}

/**
 * The tldraw document record. Circleboard keeps the session and review dates in its meta
 * (`sessionDate`, `reviewDate`, ISO dates): boardToPlan reads them, and relative action dates
 * ("by Friday") are counted from the session date.
 */
export function makeDocument(args: { name?: string; sessionDate?: string; reviewDate?: string } = {}) {
  const meta: Record<string, string> = {}
  if (args.sessionDate) meta.sessionDate = args.sessionDate
  if (args.reviewDate) meta.reviewDate = args.reviewDate
  return { id: DOCUMENT_ID, typeName: 'document' as const, gridSize: 10, name: args.name ?? '', meta }
}
