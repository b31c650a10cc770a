/**
 * cb-zone: a labelled, locked region of a template (PATH step, 7 Keys band, community ring, silo).
 *
 * Zones are created locked (templateToShapes) so writing on them never drags them. They are never
 * edited in place, never resized by a stray drag; renaming (silo names) is done through the app's
 * UI by updating props.label. Colours are light so stickies on top stay readable on a projector.
 */
import { Ellipse2d, HTMLContainer, Polygon2d, Rectangle2d, ShapeUtil, Vec } from 'tldraw'
import type { Geometry2d } from 'tldraw'
import { zoneOutline } from '@circleboard/templates'
import type { ReactElement } from 'react'
import { zoneShapeMigrations, zoneShapeProps } from './props'
import type { ZoneShape } from './props'

/** Label and prompt sizes in canvas units: readable on a projector at "fit whole template" zoom. */
export const ZONE_LABEL_SIZE = 44
export const ZONE_PROMPT_SIZE = 24
const FALLBACK_COLOR = '#eef2f7'

/**
 * Zone colours come from records other clients wrote: accept plain colour syntax only, so a hostile
 * value cannot smuggle `url(...)` or other CSS into the page.
 */
export function safeColor(c: string): string {
  return /^#[0-9a-f]{3,8}$/i.test(c) || /^(?:rgb|hsl)a?\([\d\s.,%/-]+\)$/i.test(c) || /^[a-z]{3,20}$/i.test(c)
    ? c
    : FALLBACK_COLOR
}

function outlinePath(shape: ZoneShape): string {
  const { w, h, geometry } = shape.props
  if (geometry === 'ellipse') {
    return `M 0 ${h / 2} A ${w / 2} ${h / 2} 0 1 0 ${w} ${h / 2} A ${w / 2} ${h / 2} 0 1 0 0 ${h / 2} Z`
  }
  const pts = zoneOutline(geometry, w, h)
  if (pts) return `M ${pts.map((p) => `${p.x} ${p.y}`).join(' L ')} Z`
  return `M 0 0 L ${w} 0 L ${w} ${h} L 0 ${h} Z`
}

/** Where the label goes: top-left for boxes, top-centre for rings, centre for the star. */
function labelLayout(shape: ZoneShape): { x: number; y: number; width: number; align: 'start' | 'middle' } {
  const { w, h, geometry } = shape.props
  if (geometry === 'ellipse') return { x: w / 2, y: Math.max(24, h * 0.03), width: Math.min(w * 0.6, 900), align: 'middle' }
  if (geometry === 'star') return { x: w / 2, y: h * 0.4, width: w * 0.5, align: 'middle' }
  if (geometry === 'arrow') return { x: 24, y: h * 0.1 + 16, width: w * 0.6, align: 'start' }
  return { x: 20, y: 16, width: w - 40, align: 'start' }
}

/**
 * Label size: as large as ZONE_LABEL_SIZE, shrunk (down to 26) so a long label in a narrow zone
 * ("Where people get stuck") stays on one line where it can; longer ones wrap.
 */
export function labelFontSize(label: string, width: number): number {
  if (!label) return ZONE_LABEL_SIZE
  return Math.round(Math.max(26, Math.min(ZONE_LABEL_SIZE, width / (0.56 * label.length))))
}

/** Naive word wrap for the SVG export (SVG text does not wrap). */
function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && (line + ' ' + word).length > maxChars) {
      lines.push(line)
      line = word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) lines.push(line)
  return lines.slice(0, 4)
}

function ZoneSvg({ shape, withText }: { shape: ZoneShape; withText: boolean }): ReactElement {
  const { w, h, label, prompt, kind, color } = shape.props
  const fill = safeColor(color)
  const lay = labelLayout(shape)
  const anchor = lay.align === 'middle' ? 'middle' : 'start'
  // SVG text does not wrap: wrap the label at the size the canvas uses, then the prompt below it.
  const labelSize = labelFontSize(label, lay.width)
  const labelLines = withText && label ? wrap(label, Math.max(4, Math.floor(lay.width / (labelSize * 0.58)))) : []
  const promptTop = lay.y + labelLines.length * labelSize * 1.1 + 6
  const promptLines = withText ? wrap(prompt, Math.max(8, Math.floor(lay.width / (ZONE_PROMPT_SIZE * 0.55)))) : []
  return (
    <g>
      <path
        d={outlinePath(shape)}
        fill={fill}
        fillOpacity={kind === 'decoration' ? 0.55 : 0.8}
        stroke="#4b5563"
        strokeOpacity={0.45}
        strokeWidth={kind === 'decoration' ? 3 : 4}
        strokeDasharray={kind === 'actions' ? '18 10' : undefined}
      />
      {labelLines.map((l, i) => (
        <text key={`l${i}`} x={lay.x} y={lay.y + labelSize * (0.9 + i * 1.1)} fontSize={labelSize} fontWeight={700} fill="#1f2937" textAnchor={anchor} fontFamily="system-ui, sans-serif">
          {l}
        </text>
      ))}
      {promptLines.map((l, i) => (
        <text key={`p${i}`} x={lay.x} y={promptTop + ZONE_PROMPT_SIZE * (0.9 + i * 1.2)} fontSize={ZONE_PROMPT_SIZE} fill="#4b5563" textAnchor={anchor} fontFamily="system-ui, sans-serif">
          {l}
        </text>
      ))}
    </g>
  )
}

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

  override component(shape: ZoneShape) {
    const { w, h, label, prompt } = shape.props
    const lay = labelLayout(shape)
    return (
      <HTMLContainer style={{ width: w, height: h, pointerEvents: 'none' }}>
        <svg width={w} height={h} style={{ position: 'absolute', inset: 0, overflow: 'visible' }}>
          <ZoneSvg shape={shape} withText={false} />
        </svg>
        {(label || prompt) && (
          <div
            style={{
              position: 'absolute',
              left: lay.align === 'middle' ? lay.x - lay.width / 2 : lay.x,
              top: lay.y,
              width: lay.width,
              textAlign: lay.align === 'middle' ? 'center' : 'left',
              fontFamily: 'system-ui, sans-serif',
              color: '#1f2937',
              userSelect: 'none',
              overflowWrap: 'anywhere',
            }}
          >
            {label && <div style={{ fontSize: labelFontSize(label, lay.width), fontWeight: 700, lineHeight: 1.1 }}>{label}</div>}
            {prompt && <div style={{ fontSize: ZONE_PROMPT_SIZE, color: '#4b5563', lineHeight: 1.2, marginTop: 6 }}>{prompt}</div>}
          </div>
        )}
      </HTMLContainer>
    )
  }

  override toSvg(shape: ZoneShape) {
    return <ZoneSvg shape={shape} withText />
  }

  override indicator(shape: ZoneShape) {
    return <path d={outlinePath(shape)} />
  }
}
