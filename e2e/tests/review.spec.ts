/**
 * Review mode through the real UI: a first session writes a PATH's actions and saves the plan data
 * (the "version"); at the review (a new session, the page opened again) the facilitator starts a
 * review against that file, marks one action done, drops one, adds one, sees the one past its date
 * marked, sets the next review date, and the panel and the Markdown report agree. A participant in
 * the board sees the changes and gets no review controls. page.evaluate only reads the board.
 */
import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { createBoard, openPlanPanel, person, waitForCanvas, waitForSynced } from './helpers'
import { cameraSettled, planGroup, writeNote, zoneCentre } from './plan-helpers'

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** A day `days` from today (UTC), as written on a sticky ("15 October 2026") and as an ISO date. */
function day(days: number): { words: string; iso: string } {
  const d = new Date(Date.now() + days * 86_400_000)
  return { words: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`, iso: d.toISOString().slice(0, 10) }
}

const notes = (page: Page) =>
  page.evaluate(() => {
    const editor = (window as any).__circleboard.editor
    return editor
      .getCurrentPageShapes()
      .filter((s: any) => s.type === 'note' || s.type === 'cb-action')
      .map((s: any) => (s.type === 'note' ? editor.getShapeUtil(s).getText(s) : `[card] ${s.props.what} @${s.props.who} by ${s.props.when} (${s.props.status})`))
      .sort()
  })

async function openCompare(page: Page) {
  if (!(await page.getByTestId('export-menu').isVisible())) await page.getByTestId('bar-more').click()
  await page.getByTestId('export-menu').click()
  await page.getByTestId('export-choose').click()
  return page.getByTestId('export-dialog')
}

test('a review against the plan saved last time: done, dropped, new and slipped actions, the next review date, and the report', async ({ browser }) => {
  test.setTimeout(120_000)
  const mo = await person(browser, 'Mo')
  const path = await createBoard(mo.page, "J's PATH")
  await waitForSynced(mo.page)
  await mo.page.getByTestId('start-path').click()
  await openPlanPanel(mo.page)
  await cameraSettled(mo.page)

  // First session: three actions, two with dates that will have passed by the review.
  const callBy = day(-40)
  const visitBy = day(-10)
  const quizBy = day(60)
  await writeNote(mo.page, await zoneCentre(mo.page, 'firstStep'), `Call the café owner @Liz by ${callBy.words}`)
  await writeNote(mo.page, await zoneCentre(mo.page, 'oneMonth'), `Visit the café with Sam @Sam by ${visitBy.words}`)
  await writeNote(mo.page, await zoneCentre(mo.page, 'threeMonths'), `Join the pub quiz @Sam by ${quizBy.words}`)
  await expect(mo.page.getByTestId('plan-action')).toHaveCount(3)
  await mo.page.getByTestId('export-menu').click()
  const saving = mo.page.waitForEvent('download')
  await mo.page.getByTestId('export-json').click()
  const savedDownload = await saving
  // As a person picks it: the file under its own name.
  const saved = { name: savedDownload.suggestedFilename(), mimeType: 'application/json', buffer: await readFile((await savedDownload.path())!) }
  expect(saved.name).toMatch(/^js-path-plan-\d{4}-\d{2}-\d{2}\.json$/)

  // The review: a new session on the same device, and a participant in the board too.
  await mo.page.reload()
  await waitForCanvas(mo.page)
  await waitForSynced(mo.page)
  const sam = await person(browser, 'Sam')
  await sam.page.goto(path)
  await waitForCanvas(sam.page)
  await waitForSynced(sam.page)

  const dialog = await openCompare(mo.page)
  await dialog.getByTestId('compare-file').setInputFiles(saved)
  await expect(dialog.getByTestId('compare-summary')).toHaveText(/past their date/)
  await dialog.getByTestId('compare-start-review').click()
  await expect(dialog).toBeHidden()
  const panel = mo.page.getByTestId('review-panel')
  await expect(panel).toBeVisible()
  // The review panel takes the plan panel's place.
  await expect(mo.page.getByTestId('plan-panel')).toBeHidden()
  await expect(panel.getByTestId('review-base-title')).toHaveText(`“${saved.name}”`)

  const row = (what: string) => panel.locator(`[data-testid="review-row"][data-what^="${what}"]`)
  await expect(panel.getByTestId('review-row')).toHaveCount(3)
  for (const what of ['Call the café owner', 'Visit the café with Sam']) {
    await expect(row(what)).toHaveAttribute('data-slipped', 'true')
    await expect(row(what).getByTestId('review-slipped')).toHaveText('Past its date')
  }
  await expect(row('Join the pub quiz')).not.toHaveAttribute('data-slipped', /.*/)
  await expect(row('Call the café owner').getByTestId('review-todo')).toHaveAttribute('aria-pressed', 'true')
  await expect(panel.getByTestId('review-count-slipped')).toHaveAttribute('data-count', '2')

  // Done, with the keyboard: the status buttons are ordinary buttons.
  await row('Call the café owner').getByTestId('review-done').focus()
  await mo.page.keyboard.press('Enter')
  await expect(row('Call the café owner')).toHaveAttribute('data-state', 'done')
  await expect(row('Call the café owner')).not.toHaveAttribute('data-slipped', /.*/)
  await expect(row('Call the café owner').getByTestId('review-done')).toHaveAttribute('aria-pressed', 'true')

  // Dropped: the sticky leaves the board; the row stays, saying so.
  await row('Join the pub quiz').getByTestId('review-dropped').click()
  await expect(row('Join the pub quiz')).toHaveAttribute('data-state', 'gone')
  await expect(row('Join the pub quiz').getByTestId('review-gone')).toBeVisible()

  // A new action, into PATH's first step (the first choice).
  await expect(panel.getByTestId('review-add-where')).toHaveValue(/\|firstStep$/)
  await panel.getByTestId('review-add-what').fill('Ring the rugby club')
  await panel.getByTestId('review-add-who').fill('Dad')
  await panel.getByTestId('review-add-when').fill(day(20).words)
  await panel.getByTestId('review-add-button').click()
  await expect(row('Ring the rugby club')).toHaveAttribute('data-new', 'true')
  await expect(panel.getByTestId('review-add-what')).toHaveValue('')

  const next = day(90)
  await panel.getByTestId('review-next-date').fill(next.iso)
  await expect.poll(() => mo.page.evaluate(() => (window as any).__circleboard.editor.getDocumentSettings().meta.reviewDate)).toBe(next.iso)

  // The summary, live.
  for (const [kind, n] of [['done', '1'], ['slipped', '1'], ['new', '1'], ['dropped', '1']]) {
    await expect(panel.getByTestId(`review-count-${kind}`)).toHaveAttribute('data-count', n)
  }

  // The board itself changed, for everyone.
  const expected = [
    `Call the café owner @Liz by ${callBy.words} (done)`,
    `Visit the café with Sam @Sam by ${visitBy.words}`,
    `[card] Ring the rugby club @Dad by ${day(20).words} (todo)`,
  ].sort()
  await expect.poll(() => notes(mo.page)).toEqual(expected)
  await expect.poll(() => notes(sam.page)).toEqual(expected)
  await openPlanPanel(sam.page)
  await expect(planGroup(sam.page, '8. First step').locator('[data-testid="plan-action"][data-status="done"]')).toContainText('Call the café owner')

  // The report: what was done, what slipped, what is new, what was dropped, and the next review.
  const reporting = mo.page.waitForEvent('download')
  await panel.getByTestId('review-md').click()
  const download = await reporting
  expect(download.suggestedFilename()).toMatch(/^js-path-review-\d{4}-\d{2}-\d{2}\.md$/)
  const md = await readFile((await download.path())!, 'utf8')
  const locale = await mo.page.evaluate(() => navigator.language)
  const longDate = (iso: string) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`))
  expect(md).toMatch(/^# Review: what changed since “js\\?-path\\?-plan/)
  expect(md).toContain(`**Next review:** ${longDate(next.iso)}`)
  expect(md).toContain('**Version reviewed:**')
  const block = (heading: string) => md.split(`### ${heading}`)[1]?.split('###')[0] ?? ''
  expect(block('Done ✓')).toContain('Call the café owner')
  expect(block('Past the date, not done yet')).toContain('Visit the café with Sam')
  expect(block('Past the date, not done yet')).not.toContain('Call the café owner')
  expect(block('New actions')).toContain('Ring the rugby club — Dad')
  expect(block('Dropped actions (no longer on the board)')).toContain('Join the pub quiz')

  // The participant compares too, but has no review controls.
  const samDialog = await openCompare(sam.page)
  await samDialog.getByTestId('compare-file').setInputFiles(saved)
  await expect(samDialog.getByTestId('compare-summary')).toContainText('1 action done')
  await expect(samDialog.getByTestId('compare-start-review')).toHaveCount(0)
  await samDialog.getByRole('button', { name: 'Close' }).click()

  // Closing the review brings the plan panel back.
  await panel.getByTestId('review-close').click()
  await expect(panel).toBeHidden()
  await expect(mo.page.getByTestId('plan-panel')).toBeVisible()
  expect(mo.outside).toEqual([])
  await mo.context.close()
  await sam.context.close()
})
