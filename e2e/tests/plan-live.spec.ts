/**
 * The plan panel in a live session, through the real UI and keyboard: dates typed (partial typing
 * never erases a saved date), action status in one click (panel, card badge, Shift+S on a sticky),
 * the Action card tool by pointer and by keyboard, adding a note from the panel, and exports that
 * leave out a template nobody used. page.evaluate only reads the board (and finds zones on screen).
 */
import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { createBoard, openPlanPanel, parkKeptPeople, person, waitForSynced } from './helpers'
import { cameraSettled, caretReady, planGroup, writeNote, zoneCentre } from './plan-helpers'

// People kept between tests (person(…, { reuse: true })) leave their board after each test.
test.afterEach(parkKeptPeople)

const meta = (page: Page) => page.evaluate(() => (window as any).__circleboard.editor.getDocumentSettings().meta)

async function pathBoard(page: Page, name = "J's PATH") {
  await createBoard(page, name)
  await waitForSynced(page)
  await page.getByTestId('start-path').click()
  await openPlanPanel(page)
  await cameraSettled(page)
}

async function exportMarkdown(page: Page, item = 'export-md'): Promise<string> {
  const downloading = page.waitForEvent('download')
  if (item === 'export-md') {
    await page.getByTestId('export-menu').click()
    await page.getByTestId('export-md').click()
  } else {
    await page.getByTestId(item).click()
  }
  const d = await downloading
  return readFile((await d.path())!, 'utf8')
}

test('dates are typed with the keyboard, and partial typing never erases a saved date', async ({ browser }) => {
  const a = await person(browser, 'Mo', { reuse: true })
  await pathBoard(a.page)

  // Typed digit by digit, as the review did: the year passes through 0002, 0020, 0202 on its way.
  await a.page.getByTestId('session-date').focus()
  await a.page.keyboard.type('01122027')
  await expect.poll(async () => (await meta(a.page)).sessionDate).toBe('2027-01-12')
  await expect(a.page.getByTestId('session-date')).toHaveValue('2027-01-12')
  await expect(a.page.getByTestId('session-date-readable')).toHaveText('January 12, 2027')

  await a.page.getByTestId('review-date').focus()
  await a.page.keyboard.type('04122027')
  await a.page.keyboard.press('Tab')
  await expect.poll(async () => (await meta(a.page)).reviewDate).toBe('2027-04-12')

  // Back into the review date: clear one part, start typing another, leave. The saved date stays.
  await a.page.getByTestId('review-date').focus()
  await a.page.keyboard.press('Backspace')
  await a.page.keyboard.press('ArrowRight')
  await a.page.keyboard.type('2')
  // Tab walks the field's parts first, then leaves it.
  for (let i = 0; i < 4 && (await a.page.getByTestId('review-date').evaluate((el) => el === document.activeElement)); i++) {
    await a.page.keyboard.press('Tab')
  }
  await expect(a.page.getByTestId('review-date')).not.toBeFocused()
  expect((await meta(a.page)).reviewDate).toBe('2027-04-12')
  await expect(a.page.getByTestId('review-date')).toHaveValue('2027-04-12')

  // Clearing on purpose works, and so does setting it again.
  await a.page.getByTestId('review-date-clear').click()
  await expect.poll(async () => (await meta(a.page)).reviewDate).toBeUndefined()
  await a.page.getByTestId('review-date').focus()
  await a.page.keyboard.type('04132027')
  await expect.poll(async () => (await meta(a.page)).reviewDate).toBe('2027-04-13')

  // The review date and the people who took part reach the plan, in words.
  await a.page.getByTestId('participants').fill('J, Mo, Sam')
  await a.page.getByTestId('participants').press('Enter')
  await expect.poll(async () => (await meta(a.page)).participants).toEqual(['J', 'Mo', 'Sam'])
  const md = await exportMarkdown(a.page)
  expect(md).toContain('**Session:** January 12, 2027 · **Review:** April 13, 2027')
  expect(md).toContain('**People who took part:** J, Mo, Sam')
  expect(md).not.toMatch(/\d{4}-\d{2}-\d{2}T/)
})

test("an action's status moves on in one click: from the panel, from the card, and with Shift+S on the sticky", async ({ browser }) => {
  const a = await person(browser, 'Mo', { reuse: true })
  await pathBoard(a.page)
  await a.page.getByTestId('session-date').fill('2027-01-12')

  await writeNote(a.page, await zoneCentre(a.page, 'firstStep'), 'Call the café owner @Liz by Friday')
  const first = planGroup(a.page, '8. First step')
  const status = first.getByTestId('action-status')
  await expect(status).toHaveText('to do')
  await status.click()
  await expect(status).toHaveText('in progress')
  const noteText = () =>
    a.page.evaluate(() => {
      const editor = (window as any).__circleboard.editor
      const note = editor.getCurrentPageShapes().find((s: any) => s.type === 'note')
      return editor.getShapeUtil(note).getText(note)
    })
  await expect.poll(noteText).toBe('Call the café owner @Liz by Friday (doing)')
  // Keyboard on the panel: the status is a real button.
  await status.focus()
  await a.page.keyboard.press('Enter')
  await expect(status).toHaveText('done')
  await expect(first.getByTestId('plan-action')).toHaveAttribute('data-status', 'done')

  // From the sticky itself: select it on the board, Shift+S.
  const note = a.page.locator('.tl-shape[data-shape-type="note"]')
  const box = (await note.boundingBox())!
  await a.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  await expect.poll(() => a.page.evaluate(() => (window as any).__circleboard.editor.getSelectedShapeIds().length)).toBe(1)
  await a.page.keyboard.press('Shift+S')
  await expect(status).toHaveText('to do')
  await expect.poll(noteText).toBe('Call the café owner @Liz by Friday')
})

test('the Action tool makes a card by pointer and by keyboard; its badge changes the status', async ({ browser }) => {
  const a = await person(browser, 'Mo', { reuse: true })
  await pathBoard(a.page)

  // Pointer: the toolbar button, then a click in "Next month". The caret is in "What" at once.
  await a.page.getByTestId('tools.cb-action').click()
  const at = await zoneCentre(a.page, 'oneMonth')
  await a.page.mouse.click(at.x, at.y)
  await expect(a.page.getByRole('textbox', { name: 'What' })).toBeFocused()
  await a.page.keyboard.type('Visit the music shop with J')
  await a.page.keyboard.press('Tab')
  await a.page.keyboard.type('Mo')
  await a.page.keyboard.press('Tab')
  await a.page.keyboard.type('31 January')
  await a.page.keyboard.press('Enter')
  const month = planGroup(a.page, '7. Next month').getByTestId('plan-action')
  await expect(month).toContainText('Visit the music shop with J')
  await expect(month.getByTestId('action-who')).toHaveText('Mo')
  await expect(month.getByTestId('action-when')).toContainText('31 January')

  // The card's own badge: one click, no need to open the card.
  await a.page.keyboard.press('Escape')
  await a.page.getByTestId('action-card-status').click()
  await expect(planGroup(a.page, '7. Next month').getByTestId('action-status')).toHaveText('in progress')

  // Keyboard only: C picks the tool, Enter puts a card in the middle of the view.
  await a.page.keyboard.press('Escape')
  await a.page.keyboard.press('c')
  await expect.poll(() => a.page.evaluate(() => (window as any).__circleboard.editor.getCurrentToolId())).toBe('cb-action')
  await a.page.keyboard.press('Enter')
  await expect(a.page.getByRole('textbox', { name: 'What' })).toBeFocused()
  await a.page.keyboard.type('Ring the bus company')
  await a.page.keyboard.press('Enter')
  await expect
    .poll(() =>
      a.page.evaluate(() =>
        (window as any).__circleboard.editor
          .getCurrentPageShapes()
          .filter((s: any) => s.type === 'cb-action')
          .map((s: any) => s.props.what)
          .sort(),
      ),
    )
    .toEqual(['Ring the bus company', 'Visit the music shop with J'])
})

test('a note is added into a chosen section from the plan panel with the keyboard', async ({ browser }) => {
  const a = await person(browser, 'Mo', { reuse: true })
  await pathBoard(a.page)
  const add = planGroup(a.page, '3. Now').getByTestId('plan-add')
  await expect(add).toHaveAccessibleName('Add a note to 3. Now')
  await add.focus()
  await a.page.keyboard.press('Enter')
  await expect(a.page.locator('.tl-shape[data-shape-type="note"] [contenteditable="true"]')).toBeFocused()
  await caretReady(a.page)
  await a.page.keyboard.type('At home all week')
  await a.page.keyboard.press('Escape')
  await expect(planGroup(a.page, '3. Now')).toContainText('At home all week')
  // And again, into an action step: the second note never hides the first.
  await planGroup(a.page, '8. First step').getByTestId('plan-add').focus()
  await a.page.keyboard.press('Enter')
  await caretReady(a.page)
  await a.page.keyboard.type('Call Sam @Liz by Friday')
  await a.page.keyboard.press('Escape')
  await expect(planGroup(a.page, '8. First step').getByTestId('action-who')).toHaveText('Liz')
})

test('Markdown leaves out a template nobody wrote in; the export dialog can put it back', async ({ browser }) => {
  // The printable plan draws the board first: seconds on a 2-core machine.
  test.setTimeout(150_000)
  const a = await person(browser, 'Mo', { reuse: true })
  await pathBoard(a.page)
  await writeNote(a.page, await zoneCentre(a.page, 'dream'), 'A life with my own friends')
  await a.page.getByTestId('templates-button').click()
  await a.page.getByTestId('template-7keys').click()
  await a.page.getByTestId('insert-template').click()
  await expect(a.page.getByTestId('plan-section')).toHaveCount(2)

  const md = await exportMarkdown(a.page)
  expect(md).toContain('## PATH')
  expect(md).toContain('A life with my own friends')
  expect(md).not.toContain('## 7 Keys to Citizenship')
  expect(md).not.toContain('### Meaning')
  expect(md).toContain('_Left out because nothing was written in it yet: 7 Keys to Citizenship._')

  // Choose what goes in: 7 Keys starts unticked; tick it, untick PATH.
  await a.page.getByTestId('export-menu').click()
  await a.page.getByTestId('export-choose').click()
  const dialog = a.page.getByTestId('export-dialog')
  await expect(dialog).toBeVisible()
  const keys = dialog.locator('[data-testid="export-section"][data-title="7 Keys to Citizenship"]')
  const path = dialog.locator('[data-testid="export-section"][data-title="PATH"]')
  await expect(keys).not.toBeChecked()
  await expect(path).toBeChecked()
  await keys.check()
  await path.uncheck()
  const chosen = await exportMarkdown(a.page, 'export-dialog-md')
  expect(chosen).toContain('## 7 Keys to Citizenship')
  expect(chosen).toContain('### Meaning')
  expect(chosen).not.toContain('## PATH')
  await expect(dialog).toBeHidden()

  // The printable plan starts with a picture of the board, and leaves the unused template out too.
  await a.page.getByTestId('export-menu').click()
  const opening = a.page.waitForEvent('popup')
  await a.page.getByTestId('export-print').click()
  const tab = await opening
  await expect(tab.locator('h1')).toContainText("J's PATH — plan", { timeout: 30_000 })
  const img = tab.locator('figure.board-picture img')
  await expect(img).toHaveAttribute('src', /^data:image\/png;base64,/)
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(100)
  expect(await tab.locator('main').evaluate((m) => m.firstElementChild?.tagName)).toBe('FIGURE')
  await expect(tab.locator('body')).toContainText('A life with my own friends')
  await expect(tab.locator('h2', { hasText: '7 Keys' })).toHaveCount(0)
})

test('a review: the plan now is compared with the plan data saved last time, and the report says what got done', async ({ browser }) => {
  const a = await person(browser, 'Mo', { reuse: true })
  await pathBoard(a.page)
  await a.page.getByTestId('session-date').fill('2027-01-12')
  await writeNote(a.page, await zoneCentre(a.page, 'firstStep'), 'Call the café owner @Liz by Friday')
  await expect(planGroup(a.page, '8. First step').getByTestId('plan-action')).toHaveCount(1)

  // End of the first session: the plan data is saved.
  await a.page.getByTestId('export-menu').click()
  const saving = a.page.waitForEvent('download')
  await a.page.getByTestId('export-json').click()
  const saved = (await (await saving).path())!

  // At the review: the call was made, and there is a new action.
  const status = planGroup(a.page, '8. First step').getByTestId('action-status')
  await status.click()
  await status.click()
  await expect(status).toHaveText('done')
  await writeNote(a.page, await zoneCentre(a.page, 'oneMonth'), 'Visit the café with @Sam')
  await expect(planGroup(a.page, '7. Next month').getByTestId('plan-action')).toHaveCount(1)

  await a.page.getByTestId('export-menu').click()
  await a.page.getByTestId('export-choose').click()
  const dialog = a.page.getByTestId('export-dialog')
  // something that is not a plan is refused by name, and nothing else happens
  await dialog.getByTestId('compare-file').setInputFiles({ name: 'photo.json', mimeType: 'application/json', buffer: Buffer.from('{"hello":1}') })
  await expect(dialog.getByTestId('compare-error')).toContainText('photo.json')
  await dialog.getByTestId('compare-file').setInputFiles(saved)
  await expect(dialog.getByTestId('compare-summary')).toHaveText('1 action done, 1 new action')
  const reporting = a.page.waitForEvent('download')
  await dialog.getByTestId('compare-md').click()
  const report = await readFile((await (await reporting).path())!, 'utf8')
  expect(report).toContain('Call the café owner')
  expect(report).toContain('Visit the café')
  expect(report).toContain('January 12, 2027')
})
