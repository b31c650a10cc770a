/**
 * Two of the later methods filled through the real UI (the Templates picker, the note tool, the
 * arrow tool): arrows from note to note in Connections become a chain in the plan, and an arrow from
 * an initiative into another quadrant of TO / FOR / WITH / BY becomes a move. page.evaluate is used
 * only to find where a zone or a note is on screen. CB_SHOTS=<dir> saves a screenshot of each.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { createBoard, openPlanPanel, person, waitForSynced } from './helpers'
import { cameraSettled, planGroup, writeNote, zoneCentre } from './plan-helpers'

const SHOTS = process.env.CB_SHOTS

async function insertFromPicker(page: Page, id: string) {
  await page.getByTestId('templates-button').click()
  await expect(page.getByTestId('template-picker')).toBeVisible()
  await page.getByTestId(`template-${id}`).click()
  await page.getByTestId('insert-template').click()
  await expect(page.getByTestId('template-picker')).toBeHidden()
  await expect(page.locator('.tl-shape[data-shape-type="cb-zone"]')).not.toHaveCount(0)
  await cameraSettled(page)
}

/** Screen centre of the note with this text. */
async function noteCentre(page: Page, text: string): Promise<{ x: number; y: number }> {
  return page.evaluate((text) => {
    const editor = (window as any).__circleboard.editor
    const note = editor
      .getCurrentPageShapes()
      .find((s: any) => s.type === 'note' && JSON.stringify(s.props.richText).includes(text))
    if (!note) throw new Error(`no note ${text}`)
    const b = editor.getShapePageBounds(note.id)
    const p = editor.pageToViewport({ x: b.x + b.w / 2, y: b.y + b.h / 2 })
    const c = editor.getViewportScreenBounds()
    return { x: c.x + p.x, y: c.y + p.y }
  }, text)
}

/** Draws an arrow with the arrow tool from one screen point to another. */
async function drawArrow(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.keyboard.press('Escape')
  await page.keyboard.press('a')
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 })
  await page.mouse.move(to.x, to.y, { steps: 5 })
  await page.mouse.up()
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, name) })
}

test('Connections: notes in people, places and interests joined by arrows show as one chain in the plan', async ({ browser }) => {
  const a = await person(browser, 'Liz')
  await a.page.setViewportSize({ width: 1440, height: 900 })
  await createBoard(a.page, 'J’s connections')
  await waitForSynced(a.page)
  await insertFromPicker(a.page, 'connections')
  await openPlanPanel(a.page)
  await cameraSettled(a.page)

  await writeNote(a.page, await zoneCentre(a.page, 'people', 0, 100), 'The bus driver')
  await writeNote(a.page, await zoneCentre(a.page, 'places', 0, 100), 'The pub')
  await writeNote(a.page, await zoneCentre(a.page, 'interests', -150, 100), 'The quiz team')
  await writeNote(a.page, await zoneCentre(a.page, 'interests', 150, 100), 'Rugby club')
  await writeNote(a.page, await zoneCentre(a.page, 'toMake'), 'Ask the quiz captain @Sam by Thursday')
  await expect(planGroup(a.page, 'People: who they know')).toContainText('The bus driver')

  await drawArrow(a.page, await noteCentre(a.page, 'The bus driver'), await noteCentre(a.page, 'The pub'))
  await drawArrow(a.page, await noteCentre(a.page, 'The pub'), await noteCentre(a.page, 'The quiz team'))
  await drawArrow(a.page, await noteCentre(a.page, 'The quiz team'), await noteCentre(a.page, 'Rugby club'))

  await expect(planGroup(a.page, 'Chains')).toContainText('The bus driver → The pub → The quiz team → Rugby club')
  const action = planGroup(a.page, 'Connections to make').getByTestId('plan-action')
  await expect(action).toHaveCount(1)
  await expect(action.getByTestId('action-who')).toHaveText('Sam')
  await shot(a.page, 'tmpl-connections-filled-1440x900.png')
  await a.context.close()
})

test('TO / FOR / WITH / BY: an arrow from an initiative into another quadrant shows as an intended move', async ({ browser }) => {
  const a = await person(browser, 'Mo')
  await a.page.setViewportSize({ width: 1440, height: 900 })
  await createBoard(a.page, 'Our services')
  await waitForSynced(a.page)
  await insertFromPicker(a.page, 'toForWithBy')
  await openPlanPanel(a.page)
  await cameraSettled(a.page)

  await writeNote(a.page, await zoneCentre(a.page, 'for', -150, 60), 'Lunch club')
  await writeNote(a.page, await zoneCentre(a.page, 'to', 0, 60), 'Day centre')
  await expect(planGroup(a.page, 'Doing FOR')).toContainText('Lunch club')
  await expect(planGroup(a.page, 'Doing TO')).toContainText('Day centre')

  await drawArrow(a.page, await noteCentre(a.page, 'Lunch club'), await zoneCentre(a.page, 'with', 150, 60))
  await expect(planGroup(a.page, 'Intended moves')).toContainText('Doing FOR → Doing WITH: Lunch club')
  await shot(a.page, 'tmpl-toForWithBy-filled-1440x900.png')
  await a.context.close()
})
