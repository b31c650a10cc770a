/**
 * cb-zone: a labelled, locked region of a template (PATH step, 7 Keys band, community ring, silo).
 *
 * Zones are created locked (templateToShapes) so writing on them never drags them. They are never
 * edited in place, never resized by a stray drag; renaming (silo names) is done through the app's
 * UI by updating props.label. Colours are light so stickies on top stay readable on a projector.
 */
import { DefaultFontFaces, Ellipse2d, HTMLContainer, Polygon2d, Rectangle2d, ShapeUtil, Vec, useValue } from 'tldraw'
import type { Geometry2d, TLFontFace } from 'tldraw'
import {
  DEFAULT_ACCENT,
  LEGACY_LABEL_SIZE,
  LEGACY_PROMPT_SIZE,
  LABEL_LINE_HEIGHT,
  PROMPT_LINE_HEIGHT,
  pictogramFor,
  zoneOutline,
  zoneTextLayout,
} from '@circleboard/templates'
import type { Point } from '@circleboard/templates'
import type { ReactElement } from 'react'
import { PictogramSvg, ellipsePoints, inkyPath, roundedRectPoints, starInCircle } from './zoneArt'
import { zoneShapeMigrations, zoneShapeProps } from './props'
import { walkFocus } from '../facilitation/walkState'
import type { ZoneShape } from './props'

const FALLBACK_COLOR = '#eef2f7'
/** tldraw's hand-drawn font (Shantell Sans), served with the app's other tldraw assets. */
const DRAW_FONT = "'tldraw_draw', sans-serif"
const TEXT_COLOR = '#1d1d1d'
const PROMPT_COLOR = '#3f3f46'

/**
 * Zone colours come from records other clients wrote: accept plain colour syntax only, so a hostile
 * value cannot smuggle `url(...)` or other CSS into the page.
 */
export function safeColor(c: string, fallback = FALLBACK_COLOR): string {
  return /^#[0-9a-f]{3,8}$/i.test(c) || /^(?:rgb|hsl)a?\([\d\s.,%/-]+\)$/i.test(c) || /^[a-z]{3,20}$/i.test(c)
    ? c
    : fallback
}

/** The plain outline (selection indicator; also what membership uses). */
function outlinePath(shape: ZoneShape): string {
  const { w, h, geometry } = shape.props
  if (geometry === 'ellipse') {
    return `M 0 ${h / 2} A ${w / 2} ${h / 2} 0 1 0 ${w} ${h / 2} A ${w / 2} ${h / 2} 0 1 0 0 ${h / 2} Z`
  }
  const pts = zoneOutline(geometry, w, h)
  if (pts) return `M ${pts.map((p) => `${p.x} ${p.y}`).join(' L ')} Z`
  return `M 0 0 L ${w} 0 L ${w} ${h} L 0 ${h} Z`
}

/** The outline as a marker would draw it: the same silhouette with a gentle wobble. */
function inkyOutline(shape: ZoneShape, stroke: number): string {
  const { w, h, geometry, decoration } = shape.props
  const seed = `${shape.props.instanceId}/${shape.props.zoneId}`
  const amp = Math.min(stroke * 0.6, 6)
  let pts: Point[]
  if (geometry === 'ellipse') pts = ellipsePoints(w, h, Math.max(32, Math.min(96, Math.round((w + h) / 60))))
  else if (geometry === 'rect') {
    const r = decoration === 'silo' ? Math.min(w * 0.14, 70) : Math.min(w, h, 400) * 0.04
    pts = roundedRectPoints(w, h, r, decoration === 'silo')
  } else pts = zoneOutline(geometry, w, h) ?? []
  return inkyPath(pts, seed, amp)
}

/** Accent darkened towards black: names stay legible while taking the zone's colour. */
function darken(hex: string, t: number): string {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return TEXT_COLOR
  const n = parseInt(hex.slice(1), 16)
  const mix = (c: number) => Math.round(c * (1 - t)).toString(16).padStart(2, '0')
  return `#${mix(n >> 16)}${mix((n >> 8) & 255)}${mix(n & 255)}`
}

/** Props of zones from any board (old, newer, hostile): sizes bounded, colours checked. */
function style(shape: ZoneShape) {
  const p = shape.props
  const accent = safeColor(p.accent ?? DEFAULT_ACCENT, DEFAULT_ACCENT)
  return {
    fill: safeColor(p.color),
    accent,
    nameColor: accent === DEFAULT_ACCENT ? TEXT_COLOR : darken(accent, 0.45),
    layout: zoneTextLayout({
      w: p.w,
      h: p.h,
      geometry: p.geometry,
      label: p.label,
      prompt: p.prompt,
      labelSize: p.labelSize ?? LEGACY_LABEL_SIZE,
      promptSize: p.promptSize ?? LEGACY_PROMPT_SIZE,
      decoration: p.decoration,
    }),
  }
}

/** Strapped corners of the treasure chest. */
function chestStraps(w: number, h: number, size: number, stroke: string): ReactElement {
  const s = Math.min(size, w / 4, h / 4)
  const d = [
    `M 0 ${s} L 0 0 L ${s} 0`,
    `M ${w - s} 0 L ${w} 0 L ${w} ${s}`,
    `M ${w} ${h - s} L ${w} ${h} L ${w - s} ${h}`,
    `M ${s} ${h} L 0 ${h} L 0 ${h - s}`,
  ].join(' ')
  return <path d={d} fill="none" stroke={stroke} strokeWidth={size * 0.18} strokeLinecap="round" strokeLinejoin="round" />
}

/**
 * Everything a zone draws, used by the canvas and by the SVG/PNG export alike: the same lines of
 * text at the same places (zoneTextLayout), so what people see is what they print.
 */
function ZoneSvg({ shape }: { shape: ZoneShape }): ReactElement {
  const { w, h, kind, geometry, decoration } = shape.props
  const { fill, accent, nameColor, layout: t } = style(shape)
  // A marker line: thick enough to read as drawn at "fit the template" (about 2–3 px on screen).
  const stroke = Math.max(4, Math.min(18, t.labelSize * (kind === 'decoration' ? 0.16 : 0.12)))
  const anchor = t.align === 'middle' ? 'middle' : 'start'
  const pictogram = pictogramFor(decoration)
  const outline = inkyOutline(shape, stroke)
  return (
    <g>
      <path
        d={outline}
        fill={fill}
        fillOpacity={kind === 'decoration' ? 0.92 : 1}
        stroke={accent}
        strokeOpacity={kind === 'decoration' ? 0.9 : 0.75}
        strokeWidth={stroke}
        strokeLinejoin="round"
        strokeLinecap="round"
        strokeDasharray={kind === 'actions' ? `${stroke * 4} ${stroke * 2.5}` : undefined}
      />
      {decoration === 'chestFrame' && chestStraps(w, h, t.labelSize * 1.2, accent)}
      {/* Ring and circle zones: their pictogram is drawn large and faint behind the notes. */}
      {geometry === 'ellipse' && decoration === 'star' && (
        <path d={starInCircle(w, h)} fill="#fde68a" fillOpacity={0.55} stroke={accent} strokeOpacity={0.6} strokeWidth={stroke} strokeLinejoin="round" />
      )}
      {geometry === 'ellipse' && pictogram && pictogram !== 'star' && (
        <PictogramSvg name={pictogram} x={w / 2 - Math.min(w, h) * 0.19} y={h * 0.46} size={Math.min(w, h) * 0.38} stroke={accent} fill={fill} opacity={0.35} />
      )}
      {t.pictogram && pictogram && (
        <PictogramSvg name={pictogram} x={t.pictogram.x} y={t.pictogram.y} size={t.pictogram.size} stroke={accent} fill="#ffffff" />
      )}
      {t.labelLines.map((l, i) => (
        <text
          key={`l${i}`}
          data-zone-label=""
          x={t.x}
          y={t.y + t.labelSize * (0.92 + i * LABEL_LINE_HEIGHT)}
          fontSize={t.labelSize}
          fontWeight={700}
          fill={nameColor}
          textAnchor={anchor}
          fontFamily={DRAW_FONT}
          style={{ whiteSpace: 'pre' }}
        >
          {l}
        </text>
      ))}
      {t.promptLines.map((l, i) => (
        <text
          key={`p${i}`}
          data-zone-prompt=""
          x={t.x}
          y={t.promptY + t.promptSize * (0.95 + i * PROMPT_LINE_HEIGHT)}
          fontSize={t.promptSize}
          fill={PROMPT_COLOR}
          textAnchor={anchor}
          fontFamily={DRAW_FONT}
          style={{ whiteSpace: 'pre' }}
        >
          {l}
        </text>
      ))}
    </g>
  )
}

/** Highlight colour of the current step's zones (the app's yellow, strong enough for a projector). */
const STEP_HALO = '#f4b400'

/**
 * How a zone takes part in a template walk-through: `now` (the current step: a warm halo), `dim`
 * (another step of the template being walked), or null (no walk, another template, or a zone no
 * step covers, like PATH's arrow behind the steps).
 */
function useWalkRole(shape: ZoneShape): 'now' | 'dim' | null {
  const { instanceId, zoneId } = shape.props
  return useValue(
    'cb zone walk role',
    () => {
      const f = walkFocus.get()
      if (!f || f.instanceId !== instanceId) return null
      if (f.zoneIds.includes(zoneId)) return 'now'
      return f.stepZoneIds.includes(zoneId) ? 'dim' : null
    },
    [instanceId, zoneId]
  )
}

function ZoneCanvas({ shape }: { shape: ZoneShape }) {
  const { w, h } = shape.props
  const role = useWalkRole(shape)
  const halo = Math.max(14, Math.min(w, h) * 0.025)
  return (
    <HTMLContainer style={{ width: w, height: h, pointerEvents: 'none', userSelect: 'none', opacity: role === 'dim' ? 0.32 : 1, transition: 'opacity 300ms' }}>
      <svg
        width={w}
        height={h}
        style={{ position: 'absolute', inset: 0, overflow: 'visible' }}
        data-zone-id={shape.props.zoneId}
        data-walk={role ?? undefined}
      >
        {role === 'now' && <path d={outlinePath(shape)} fill="none" stroke={STEP_HALO} strokeOpacity={0.9} strokeWidth={halo * 2} strokeLinejoin="round" />}
        <ZoneSvg shape={shape} />
      </svg>
    </HTMLContainer>
  )
}

const FONT_FACES: TLFontFace[] = [DefaultFontFaces.tldraw_draw.normal.normal, DefaultFontFaces.tldraw_draw.normal.bold]

export class ZoneShapeUtil extends ShapeUtil<ZoneShape> {
  static override type = 'cb-zone' as const
  static override props = zoneShapeProps
  static override migrations = zoneShapeMigrations

  override getDefaultProps(): ZoneShape['props'] {
    return {
      w: 400,
      h: 300,
      templateId: '',
      instanceId: '',
      zoneId: '',
      label: '',
      prompt: '',
      kind: 'items',
      geometry: 'rect',
      color: FALLBACK_COLOR,
      accent: DEFAULT_ACCENT,
      labelSize: LEGACY_LABEL_SIZE,
      promptSize: LEGACY_PROMPT_SIZE,
      decoration: 'none',
    }
  }

  override getGeometry(shape: ZoneShape): Geometry2d {
    const { w, h, geometry } = shape.props
    if (geometry === 'ellipse') return new Ellipse2d({ width: w, height: h, isFilled: true })
    const pts = zoneOutline(geometry, w, h)
    if (pts) return new Polygon2d({ points: pts.map((p) => new Vec(p.x, p.y)), isFilled: true })
    return new Rectangle2d({ width: w, height: h, isFilled: true })
  }

  // Template furniture: not text-editable, not resizable, no handles. Unlocking (context menu) lets
  // a facilitator move one on purpose.
  override canEdit = () => false
  override canResize = () => false
  override hideResizeHandles = () => true
  override hideRotateHandle = () => true
  override hideSelectionBoundsBg = () => true
  override hideSelectionBoundsFg = () => true
  override canSnap = () => false
  override isAspectRatioLocked = () => true

  override getText(shape: ZoneShape): string {
    return [shape.props.label, shape.props.prompt].filter(Boolean).join('\n')
  }

  // The hand-drawn font must be loaded before zones are drawn or exported (tldraw embeds these in SVG).
  override getFontFaces(): TLFontFace[] {
    return FONT_FACES
  }

  // The walk-through state (facilitation/walk.ts) is read reactively inside, so stepping redraws
  // only the zones whose role changed; exports (toSvg) never show it.
  override component(shape: ZoneShape) {
    return <ZoneCanvas shape={shape} />
  }

  override toSvg(shape: ZoneShape) {
    return <ZoneSvg shape={shape} />
  }

  override indicator(shape: ZoneShape) {
    return <path d={outlinePath(shape)} />
  }
}
