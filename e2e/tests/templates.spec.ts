/**
 * Template → notes → live plan → Markdown export, with a second person writing on the same board.
 * Everything goes through the real UI (buttons, the note tool, the keyboard); page.evaluate is used
 * only to find where a zone is on screen and to move a camera.
 */
import { readFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { createBoard, openPlanPanel, person, waitForCanvas, waitForSynced } from './helpers'
import { cameraSettled, planGroup, writeNote, zoneCentre } from './plan-helpers'

test('PATH: notes show in the plan panel under their steps, export to Markdown, and a second person’s note appears live', async ({ browser }) => {
  const a = await person(browser, 'Alice')
  const b = await person(browser, 'Bob')
  const path = await createBoard(a.page, "J's PATH")
  await waitForSynced(a.page)

  // An empty board offers the templates; PATH goes in (the plan panel does not cover it: we open it).
  await a.page.getByTestId('start-path').click()
  await expect(a.page.getByTestId('empty-board-card')).toBeHidden()
  await expect(a.page.getByTestId('plan-panel')).toHaveCount(0)
  await openPlanPanel(a.page)
  await expect(a.page.locator('.tl-shape[data-shape-type="cb-zone"]')).not.toHaveCount(0)
  await cameraSettled(a.page)

  // The facilitator sets the session date: "by Friday" is then read from it.
  await a.page.getByTestId('session-date').fill('2027-01-12')

  await writeNote(a.page, await zoneCentre(a.page, 'dream'), 'A life with my own friends')
  await writeNote(a.page, await zoneCentre(a.page, 'goal'), 'I work two days a week at the café')
  await writeNote(a.page, await zoneCentre(a.page, 'firstStep'), 'Call the café owner @Liz by Friday')

  await expect(planGroup(a.page, '1. North Star — the Dream')).toContainText('A life with my own friends')
  await expect(planGroup(a.page, '2. The Goal (a year from now)')).toContainText('I work two days a week at the café')
  const first = planGroup(a.page, '8. First step').getByTestId('plan-action')
  await expect(first).toHaveCount(1)
  await expect(first).toContainText('Call the café owner')
  await expect(first.getByTestId('action-who')).toHaveText('Liz')
  await expect(first.getByTestId('action-when')).toHaveText('Friday (January 15, 2027)')
  // Nothing was written into the Now step.
  await expect(planGroup(a.page, '3. Now')).toContainText('Nothing yet')

  // Clicking an entry selects that note on the board.
  await planGroup(a.page, '1. North Star — the Dream').getByRole('button', { name: 'A life with my own friends' }).click()
  await expect
    .poll(() => a.page.evaluate(() => (window as any).__circleboard.editor.getSelectedShapes().map((s: any) => s.type)))
    .toEqual(['note'])

  // Markdown export: the notes under the right headings, the action with who and when.
  await a.page.getByTestId('export-menu').click()
  const downloading = a.page.waitForEvent('download')
  await a.page.getByTestId('export-md').click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('js-path-2027-01-12.md')
  const md = await readFile((await download.path())!, 'utf8')
  expect(md).toContain("# J's PATH — plan")
  expect(md).toContain('**Session:** January 12, 2027')
  // Dream, goal and now are prose in the plan; the rest are lists.
  expect(md).toMatch(/### 1\. North Star — the Dream\n\nA life with my own friends\n/)
  expect(md).toMatch(/### 2\. The Goal \(a year from now\)\n\nI work two days a week at the café\n/)
  expect(md).toMatch(/### 3\. Now\n\n_Nothing yet\._\n/)
  expect(md).toMatch(/### 8\. First step\n\n- \[ \] Call the café owner — \*\*Liz\*\* — by Friday \(January 15, 2027\)\n/)

  // A second person joins, sees the session date, and writes in "Now": it appears in A's panel.
  await b.page.goto(path)
  await waitForCanvas(b.page)
  await waitForSynced(b.page)
  await b.page.getByTestId('plan-toggle').click()
  await expect(b.page.getByTestId('session-date')).toHaveValue('2027-01-12')
  await expect(planGroup(b.page, '8. First step')).toContainText('Call the café owner')
  await b.page.evaluate(() => {
    // zoomToFit returns the editor, which page.evaluate cannot (and need not) send back.
    ;(window as any).__circleboard.editor.zoomToFit({ immediate: true })
  })
  await writeNote(b.page, await zoneCentre(b.page, 'now'), 'At home all week')
  await expect(planGroup(a.page, '3. Now')).toContainText('At home all week')

  expect(a.outside).toEqual([])
  expect(b.outside).toEqual([])
  await a.context.close()
  await b.context.close()
})

test('Templates picker: silos with chosen names beside a PATH, each with its own plan section; rename a silo from the panel', async ({ browser }) => {
  const a = await person(browser, 'Alice')
  await createBoard(a.page, 'Two templates')
  await waitForSynced(a.page)

  await a.page.getByTestId('templates-button').click()
  await expect(a.page.getByTestId('template-picker')).toBeVisible()
  await a.page.getByTestId('insert-template').click() // PATH is preselected
  await openPlanPanel(a.page)
  await expect(a.page.getByTestId('plan-section')).toHaveCount(1)

  await a.page.getByTestId('templates-button').click()
  await a.page.getByTestId('template-silos').click()
  await a.page.getByTestId('silo-count').selectOption('4')
  await a.page.getByLabel('Name of silo 1').fill('GP surgery')
  await a.page.getByTestId('insert-template').click()
  await expect(a.page.getByTestId('template-picker')).toBeHidden()

  const sections = a.page.getByTestId('plan-section')
  await expect(sections).toHaveCount(2)
  await expect(sections.nth(0).locator('h3')).toHaveText('PATH')
  await expect(sections.nth(1).locator('h3')).toHaveText('Silos')
  await expect(sections.nth(1).locator('h4')).toHaveText(['GP surgery', 'Social care', 'Housing', 'Benefits', 'The person / community', 'Bridges'])

  // The silos went beside the PATH, not on top of it.
  const overlap = await a.page.evaluate(() => {
    const ed = (window as any).__circleboard.editor
    const box = (t: string) =>
      ed.getCurrentPageShapes().filter((s: any) => s.type === 'cb-zone' && s.props.templateId === t).map((s: any) => ed.getShapePageBounds(s.id)).reduce((u: any, b: any) => (u ? u.union(b) : b.clone()), null)
    const p = box('path')
    const s = box('silos')
    return p.x < s.x + s.w && s.x < p.x + p.w && p.y < s.y + s.h && s.y < p.y + p.h
  })
  expect(overlap).toBe(false)

  // Rename a silo after inserting it: the label on the board and the plan follow.
  await a.page.getByRole('button', { name: 'Rename Housing' }).click()
  await a.page.getByLabel('New name for Housing').fill('Council housing')
  await a.page.getByLabel('New name for Housing').press('Enter')
  await expect(sections.nth(1).locator('h4').nth(2)).toHaveText('Council housing')
  await expect(a.page.locator('.tl-shape[data-shape-type="cb-zone"]', { hasText: 'Council housing' })).toHaveCount(1)
  await a.context.close()
})

test('a view-only person sees the live plan and can export it, but cannot add templates, import, rename or set dates', async ({ browser }) => {
  const a = await person(browser, 'Alice')
  const v = await person(browser, 'Viewer')
  await createBoard(a.page, 'Watch the plan')
  await waitForSynced(a.page)
  await a.page.getByTestId('templates-button').click()
  await a.page.getByTestId('template-silos').click()
  await a.page.getByTestId('insert-template').click()
  await openPlanPanel(a.page)
  await expect(a.page.getByTestId('plan-section')).toHaveCount(1)
  await cameraSettled(a.page)

  await a.context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await a.page.getByTestId('share').click()
  await a.page.getByTestId('copy-view-link').click()
  // The link is written once the relay has made the token: read the clipboard only after that.
  await expect(a.page.getByTestId('share-note')).toContainText('View link copied')
  const link = await a.page.evaluate(() => navigator.clipboard.readText())
  expect(link).toMatch(/\/v\/[A-Za-z0-9_-]{40,}$/)

  await v.page.goto(link)
  await waitForCanvas(v.page)
  await waitForSynced(v.page)
  await expect(v.page.getByTestId('templates-button')).toHaveCount(0)
  await expect(v.page.getByTestId('empty-board-card')).toHaveCount(0)
  await v.page.getByTestId('plan-toggle').click()
  await expect(v.page.getByTestId('plan-section').locator('h3')).toHaveText('Silos')
  await expect(v.page.getByTestId('session-date')).toBeDisabled()
  await expect(v.page.getByRole('button', { name: /^Rename / })).toHaveCount(0)
  await v.page.getByTestId('file-menu').click()
  await expect(v.page.getByTestId('import-plan')).toHaveCount(0)
  await v.page.keyboard.press('Escape')

  // Alice writes; the viewer's plan follows, and the viewer can take the plan away.
  await writeNote(a.page, await zoneCentre(a.page, 'silo1.barriers'), 'Waiting list of 9 months')
  await expect(planGroup(v.page, 'Where people get stuck').first()).toContainText('Waiting list of 9 months')
  await v.page.getByTestId('export-menu').click()
  const downloading = v.page.waitForEvent('download')
  await v.page.getByTestId('export-csv').click()
  const csv = await readFile((await (await downloading).path())!, 'utf8')
  expect(csv).toContain('section,zone,what,who,when,due_date,status')
  await a.context.close()
  await v.context.close()
})
