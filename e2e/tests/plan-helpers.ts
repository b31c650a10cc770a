/** Helpers for the template / plan / file tests (templates.spec.ts, files.spec.ts). */
import { expect, type Page } from '@playwright/test'

/**
 * Screen point of a template zone's centre (the first zone with this zoneId on the page). Waits
 * until that point is inside the canvas: opening the plan panel narrows the canvas, and the view
 * is moved back over the board a moment later; a click before then would land on the panel.
 */
export async function zoneCentre(page: Page, zoneId: string, dx = 0, dy = 0): Promise<{ x: number; y: number }> {
  const read = () =>
    page.evaluate(
      ({ zoneId, dx, dy }) => {
        const editor = (window as unknown as { __circleboard: { editor: any } }).__circleboard.editor
        const zone = editor.getCurrentPageShapes().find((s: any) => s.type === 'cb-zone' && s.props.zoneId === zoneId)
        if (!zone) throw new Error(`no zone ${zoneId}`)
        const b = editor.getShapePageBounds(zone.id)
        const p = editor.pageToViewport({ x: b.x + b.w / 2 + dx, y: b.y + b.h / 2 + dy })
        const c = editor.getViewportScreenBounds()
        const inside = p.x > 0 && p.y > 0 && p.x < c.w && p.y < c.h
        return { x: c.x + p.x, y: c.y + p.y, inside }
      },
      { zoneId, dx, dy },
    )
  await expect.poll(async () => (await read()).inside, { message: `zone ${zoneId} on screen` }).toBe(true)
  const { x, y } = await read()
  return { x, y }
}

/** Writes a sticky note at a screen point with the real note tool and keyboard. */
export async function writeNote(page: Page, at: { x: number; y: number }, text: string) {
  // A plain click on the canvas (a locked zone selects nothing) gives the editor keyboard focus.
  await page.mouse.click(at.x, at.y)
  await page.keyboard.press('Escape')
  await page.keyboard.press('n')
  await page.mouse.click(at.x, at.y)
  await expect(page.locator('.tl-shape[data-shape-type="note"] [contenteditable="true"]')).toBeVisible()
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
}

/**
 * Waits until the camera has stopped moving (template insertion animates a zoom): two reads 100 ms
 * apart agree. (expect.poll's default intervals widen to 250, 500, 1000 ms, so a 320 ms animation
 * used to cost about 0.9 s and a slightly longer one 1.9 s.)
 */
export async function cameraSettled(page: Page) {
  let last = ''
  await expect
    .poll(async () => {
      const now = await page.evaluate(() => JSON.stringify((window as any).__circleboard.editor.getCamera()))
      const same = now === last
      last = now
      return same
    }, { intervals: [100] })
    .toBe(true)
}

/** The plan panel group with this exact heading. */
export function planGroup(page: Page, heading: string) {
  return page.getByTestId('plan-panel').locator(`[data-testid="plan-group"][data-heading="${heading}"]`)
}

/**
 * Waits until a note being edited has the caret, collapsed, inside its text. tldraw moves the
 * selection a moment after editing starts (select-all, then the caret); a person never types within
 * those few milliseconds, a test can, and its first letter would then land elsewhere.
 */
export async function caretReady(page: Page) {
  await expect(page.locator('.tl-shape [contenteditable="true"]')).toBeFocused()
  await page.waitForTimeout(400)
  await expect
    .poll(() =>
      page.evaluate(() => {
        const sel = getSelection()
        const el = document.activeElement as HTMLElement | null
        return !!sel && sel.isCollapsed && !!el && el.isContentEditable && !!sel.anchorNode && el.contains(sel.anchorNode)
      })
    )
    .toBe(true)
}
