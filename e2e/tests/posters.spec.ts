/**
 * Templates as posters: on a 1440×900 screen, each template inserted through the real UI and
 * fitted to the view ("zoom to fit", plan panel closed) shows every zone label at 16 px or more and
 * every prompt at 12 px or more — measured on the rendered SVG text (computed font size × the
 * scale the canvas actually draws at) — in tldraw's hand-drawn font, with no line wider than its
 * zone. All thirteen go onto one board in turn (cleared between them). Set CB_POSTER_SHOTS=<dir> to
 * also save screenshots of each template at four screen sizes.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { createBoard, person, waitForSynced } from './helpers'
import { cameraSettled } from './plan-helpers'

const TEMPLATES = [
  'path',
  '7keys',
  'community',
  'silos',
  'maps',
  'onePageProfile',
  'circleOfSupport',
  'connections',
  'gifts',
  'goodDays',
  'interestToAction',
  'communitySpaces',
  'toForWithBy',
] as const
/** CB_POSTERS=id,id runs only those templates (e.g. the ones a change touched). */
const ONLY = process.env.CB_POSTERS?.split(',').filter(Boolean)
const SHOTS = process.env.CB_POSTER_SHOTS
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 768 },
  { width: 820, height: 1180 },
  { width: 390, height: 844 },
]

async function insert(page: Page, id: (typeof TEMPLATES)[number]) {
  // The empty board offers the four usual methods; the others are in the gallery ("More templates…").
  await expect(page.getByTestId('empty-board-card')).toBeVisible()
  if (await page.getByTestId(`start-${id}`).count()) {
    await page.getByTestId(`start-${id}`).click()
    if (id === 'silos') await page.getByTestId('insert-template').click()
  } else {
    await page.getByTestId('start-more').click()
    await page.getByTestId(`template-${id}`).click()
    await page.getByTestId('insert-template').click()
  }
  await expect(page.locator('.tl-shape[data-shape-type="cb-zone"]')).not.toHaveCount(0)
  await cameraSettled(page)
  // The plan panel opens on insertion; a facilitator showing the poster closes it.
  if (await page.getByTestId('plan-panel').isVisible()) await page.getByTestId('plan-toggle').click()
  await expect(page.getByTestId('plan-panel')).toBeHidden()
}

/** "Zoom to fit" with tldraw's own shortcut, after the canvas has its final size. */
async function zoomToFit(page: Page) {
  await page.evaluate(() => {
    const editor = (window as any).__circleboard.editor
    editor.updateViewportScreenBounds(editor.getContainer())
    editor.zoomToFit()
  })
  await cameraSettled(page)
  // Let fonts arrive and the shapes re-render at the new zoom.
  await page.evaluate(() => document.fonts.ready)
}

interface Measured {
  zone: string
  role: 'label' | 'prompt'
  text: string
  px: number
  family: string
  overflow: number
}

/** Every zone text line: its on-screen font size and how far it runs past its zone's right/left edge. */
async function measure(page: Page): Promise<{ zoom: number; lines: Measured[] }> {
  return page.evaluate(() => {
    const editor = (window as any).__circleboard.editor
    const lines: Measured[] = []
    for (const svg of document.querySelectorAll<SVGSVGElement>('.tl-shape[data-shape-type="cb-zone"] svg[data-zone-id]')) {
      const box = svg.getBoundingClientRect()
      const scale = box.width / svg.width.baseVal.value
      for (const el of svg.querySelectorAll<SVGTextElement>('text[data-zone-label], text[data-zone-prompt]')) {
        const r = el.getBoundingClientRect()
        const cs = getComputedStyle(el)
        lines.push({
          zone: svg.dataset.zoneId ?? '',
          role: el.hasAttribute('data-zone-label') ? 'label' : 'prompt',
          text: el.textContent ?? '',
          px: parseFloat(cs.fontSize) * scale,
          family: cs.fontFamily,
          overflow: Math.max(0, box.left - r.left, r.right - box.right),
        })
      }
    }
    return { zoom: editor.getZoomLevel(), lines }
  }) as Promise<{ zoom: number; lines: Measured[] }>
}

/** Every line of a template's zones that is too small, in the wrong font or spills out of its zone. */
function problems(lines: Measured[], zoom: number): string[] {
  const labels = lines.filter((l) => l.role === 'label')
  const prompts = lines.filter((l) => l.role === 'prompt')
  const out: string[] = []
  if (labels.length <= 3) out.push(`only ${labels.length} zone labels drawn`)
  if (prompts.length <= 3) out.push(`only ${prompts.length} prompts drawn`)
  for (const l of labels) if (l.px < 16) out.push(`${l.zone} label "${l.text}" ${l.px.toFixed(1)} px at zoom ${zoom.toFixed(3)}`)
  for (const l of prompts) if (l.px < 12) out.push(`${l.zone} prompt "${l.text}" ${l.px.toFixed(1)} px at zoom ${zoom.toFixed(3)}`)
  for (const l of lines) if (!l.family.includes('tldraw_draw')) out.push(`${l.zone}: "${l.text}" in ${l.family}`)
  // Wrapping is computed from measured glyph widths: no line may run out of its zone.
  for (const l of lines) if (l.overflow > 1) out.push(`${l.zone}: "${l.text}" +${l.overflow.toFixed(1)} px past its zone`)
  return out
}

/** Takes everything off the board (zones are locked), so the template offer shows again. */
async function clearBoard(page: Page) {
  await page.evaluate(() => {
    const editor = (window as any).__circleboard.editor
    editor.run(() => editor.deleteShapes([...editor.getCurrentPageShapeIds()]), { ignoreShapeLock: true })
  })
  await expect(page.locator('.tl-shape')).toHaveCount(0)
}

// One board, the templates one after another: a fresh browser context and board per template cost
// more than the measuring (13 tests were about 70 s of the CI run).
test('every template at "zoom to fit" on 1440×900: labels ≥ 16 px, prompts ≥ 12 px, hand-drawn font, nothing spills', async ({ browser }) => {
  test.setTimeout(180_000)
  const a = await person(browser, 'Mo')
  await a.page.setViewportSize({ width: 1440, height: 900 })
  await createBoard(a.page, 'Posters')
  await waitForSynced(a.page)
  const found: Record<string, string[]> = {}
  for (const id of TEMPLATES.filter((t) => !ONLY || ONLY.includes(t))) {
    await insert(a.page, id)
    await zoomToFit(a.page)
    const { zoom, lines } = await measure(a.page)
    found[id] = problems(lines, zoom)
    // The hand-drawn font really loaded (else the browser would fall back and widths would differ).
    expect(await a.page.evaluate(() => document.fonts.check('bold 40px tldraw_draw'))).toBe(true)

    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true })
      for (const vp of VIEWPORTS) {
        await a.page.setViewportSize(vp)
        await a.page.waitForTimeout(300)
        await zoomToFit(a.page)
        await a.page.screenshot({ path: join(SHOTS, `${id}-${vp.width}x${vp.height}.png`) })
      }
      await a.page.setViewportSize({ width: 1440, height: 900 })
    }
    await clearBoard(a.page)
  }
  // Every template is reported, not only the first with a problem.
  expect(found).toEqual(Object.fromEntries(Object.keys(found).map((id) => [id, []])))
  expect(Object.keys(found)).toHaveLength(ONLY ? ONLY.length : TEMPLATES.length)
})
