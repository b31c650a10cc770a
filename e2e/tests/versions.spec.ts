/**
 * Versions (issue 11): two people edit, a version is saved by name from the History panel, the
 * participant deletes everything, the facilitator looks at the version and restores it, both
 * screens converge on it and the history lists the automatic "Before restoring a version"; one
 * undo brings the wiped board back. Against the real relay; everything a person does goes through
 * the UI, page.evaluate only reads what the editors hold.
 */
import { expect, test } from '@playwright/test'
import { createBoard, drawRectangle, parkKeptPeople, person, relaySwitch, shapes, waitForCanvas, waitForSynced } from './helpers'
import { boardShapeIds, openHistory, versionItem } from './versions-helpers'
import { openFacilitate } from './facilitate-helpers'
import { cameraSettled, writeNote, zoneCentre } from './plan-helpers'

// People kept between tests (person(…, { reuse: true })) leave their board after each test.
test.afterEach(parkKeptPeople)

test('save a version, wipe the board, restore it for everyone, undo the restore', async ({ browser }) => {
  test.setTimeout(150_000)
  const fac = await person(browser, 'Mo', { reuse: true })
  const sam = await person(browser, 'Sam', { reuse: true })
  const path = await createBoard(fac.page, 'Versions')
  await waitForSynced(fac.page)
  await expect(fac.page.getByTestId('role-chip')).toHaveAttribute('data-role', 'facilitator')
  await sam.page.goto(path)
  await waitForCanvas(sam.page)
  await waitForSynced(sam.page)

  // Two people edit.
  await drawRectangle(fac.page, 420, 380)
  await expect(shapes(sam.page)).toHaveCount(1)
  await drawRectangle(sam.page, 650, 380)
  await expect(shapes(fac.page)).toHaveCount(2)
  const original = await boardShapeIds(fac.page)
  expect(original).toHaveLength(2)
  await expect.poll(() => boardShapeIds(sam.page)).toEqual(original)

  // The facilitator saves a named version from the History panel.
  const panel = await openHistory(fac.page)
  await expect(panel.getByTestId('history-empty')).toBeVisible()
  await panel.getByTestId('version-name').fill('Before the wipe')
  await panel.getByTestId('version-save').click()
  const saved = versionItem(fac.page, 'Before the wipe')
  await expect(saved).toBeVisible()
  // Kept on the relay (not "on this device"), and the participant's list shows it too.
  await expect(saved).toHaveAttribute('data-local', 'false')
  await expect(saved.getByTestId('version-summary')).toBeVisible()
  await openHistory(sam.page)
  await expect(versionItem(sam.page, 'Before the wipe')).toBeVisible()

  // The participant deletes everything.
  await sam.page.mouse.click(560, 650)
  await sam.page.keyboard.press('Control+a')
  await sam.page.keyboard.press('Delete')
  await expect.poll(() => boardShapeIds(sam.page)).toEqual([])
  await expect.poll(() => boardShapeIds(fac.page)).toEqual([])

  // A participant can look at the version, but restoring is the facilitator's.
  await versionItem(sam.page, 'Before the wipe').getByTestId('version-look').click()
  await expect(sam.page.getByTestId('version-banner')).toContainText('Looking at Before the wipe — read-only')
  await expect(sam.page.getByTestId('version-restore')).toHaveCount(0)
  await expect(sam.page.getByTestId('version-banner')).toContainText('Only the facilitator can restore')
  await sam.page.getByTestId('version-back').click()
  await expect(sam.page.getByTestId('version-view')).toBeHidden()

  // The facilitator looks at it: the version's shapes, read-only, the board unchanged for everyone.
  await saved.getByTestId('version-look').click()
  const view = fac.page.getByTestId('version-view')
  await expect(fac.page.getByTestId('version-banner')).toContainText('Looking at Before the wipe — read-only')
  await expect(view.locator('.tl-shape[data-shape-type="geo"]')).toHaveCount(2)
  expect(await boardShapeIds(fac.page)).toEqual([])
  expect(await boardShapeIds(sam.page)).toEqual([])

  // Restore: both screens converge on the version's shapes.
  await fac.page.getByTestId('version-restore').click()
  await fac.page.getByTestId('version-restore-confirm').click()
  await expect(view).toBeHidden()
  await expect.poll(() => boardShapeIds(fac.page)).toEqual(original)
  await expect.poll(() => boardShapeIds(sam.page)).toEqual(original)
  await expect(shapes(sam.page)).toHaveCount(2)

  // The board before the restore is in the history, for both.
  await expect(versionItem(fac.page, 'Before restoring a version')).toBeVisible()
  await expect(versionItem(fac.page, 'Before restoring a version')).toHaveAttribute('data-local', 'false')
  await expect(versionItem(sam.page, 'Before restoring a version')).toBeVisible()

  // One undo takes the restore back, for everyone.
  await fac.page.mouse.click(300, 650)
  await fac.page.keyboard.press('Control+z')
  await expect.poll(() => boardShapeIds(fac.page)).toEqual([])
  await expect.poll(() => boardShapeIds(sam.page)).toEqual([])

  // Naming the automatic version keeps it; everyone's list shows the new name.
  await versionItem(fac.page, 'Before restoring a version').getByTestId('version-rename').click()
  await fac.page.getByTestId('version-rename-input').fill('The wiped board')
  await fac.page.getByTestId('version-rename-save').click()
  await expect(versionItem(fac.page, 'The wiped board')).toBeVisible()
  await expect(versionItem(sam.page, 'The wiped board')).toBeVisible()
  await expect(versionItem(sam.page, 'Before restoring a version')).toHaveCount(0)

  // Deleting is the facilitator's: the participant has no Delete; the facilitator is asked first,
  // can keep it, and a deleted version leaves everyone's list (the board stays as it is).
  await expect(versionItem(sam.page, 'The wiped board').getByTestId('version-delete')).toHaveCount(0)
  const wiped = versionItem(fac.page, 'The wiped board')
  await wiped.getByTestId('version-delete').click()
  await expect(wiped.getByTestId('version-delete-confirm')).toContainText('cannot be brought back')
  await wiped.getByTestId('version-delete-no').click()
  await expect(wiped.getByTestId('version-delete-confirm')).toHaveCount(0)
  await wiped.getByTestId('version-delete').click()
  await wiped.getByTestId('version-delete-yes').click()
  await expect(fac.page.getByTestId('history-message')).toContainText('“The wiped board” deleted for everyone')
  await expect(versionItem(fac.page, 'The wiped board')).toHaveCount(0)
  await expect(versionItem(sam.page, 'The wiped board')).toHaveCount(0)
  await expect(versionItem(sam.page, 'Before the wipe')).toBeVisible()
  expect(await boardShapeIds(fac.page)).toEqual([])
})

test('with the relay out of reach: a version kept on this device, compared with now, opened as a new board', async ({ browser }) => {
  test.setTimeout(120_000)
  const mo = await person(browser, 'Mo')
  const relay = await relaySwitch(mo.context)
  const path = await createBoard(mo.page, 'Offline versions')
  await waitForSynced(mo.page)
  await drawRectangle(mo.page, 420, 380)
  await expect(shapes(mo.page)).toHaveCount(1)
  const first = await boardShapeIds(mo.page)

  await relay.set(false)
  await expect(mo.page.getByTestId('sync-status')).not.toHaveAttribute('data-relay', /synced|connected/)
  const panel = await openHistory(mo.page)
  await expect(panel.getByTestId('history-offline')).toBeVisible()
  await panel.getByTestId('version-name').fill('Kept here')
  await panel.getByTestId('version-save').click()
  const item = versionItem(mo.page, 'Kept here')
  await expect(item).toHaveAttribute('data-local', 'true')
  await expect(item).toContainText('on this device')

  // The board moves on; compare the version with now.
  await drawRectangle(mo.page, 650, 380)
  await expect(shapes(mo.page)).toHaveCount(2)
  await panel.getByTestId('compare-to').selectOption('now')
  await panel.getByTestId('compare-versions').click()
  await expect(panel.getByTestId('compare-summary')).toBeVisible()

  // A version kept on this device is deleted from it, relay or not.
  await panel.getByTestId('version-name').fill('Scratch')
  await panel.getByTestId('version-save').click()
  const scratch = versionItem(mo.page, 'Scratch')
  await expect(scratch).toHaveAttribute('data-local', 'true')
  await scratch.getByTestId('version-delete').click()
  await scratch.getByTestId('version-delete-yes').click()
  await expect(panel.getByTestId('history-message')).toContainText('“Scratch” deleted from this device')
  await expect(scratch).toHaveCount(0)
  await expect(item).toBeVisible()

  // Look at it and open it as a new board: the copy holds the version, the board itself is unchanged.
  await item.getByTestId('version-look').click()
  await expect(mo.page.getByTestId('version-view').locator('.tl-shape[data-shape-type="geo"]')).toHaveCount(1)
  await mo.page.getByTestId('version-open-copy').click()
  await expect.poll(() => new URL(mo.page.url()).pathname).not.toBe(path)
  await expect(mo.page).toHaveURL(/\/b\/[A-Za-z0-9_-]{22}$/)
  await waitForCanvas(mo.page)
  await expect(mo.page.getByTestId('board-name')).toHaveText('Offline versions — Kept here')
  await expect.poll(() => boardShapeIds(mo.page)).toEqual(first)
})

test('removing a template first saves an automatic version the board can be restored from', async ({ browser }) => {
  test.setTimeout(120_000)
  const mo = await person(browser, 'Mo', { reuse: true })
  await createBoard(mo.page, 'Before a bulk change')
  await waitForSynced(mo.page)
  await mo.page.getByTestId('start-path').click()
  await expect(mo.page.locator('.tl-shape[data-shape-type="cb-zone"]').first()).toBeVisible()
  const zones = await boardShapeIds(mo.page, 'cb-zone')
  expect(zones.length).toBeGreaterThan(3)

  await openFacilitate(mo.page)
  await mo.page.getByTestId('remove-template-choice').selectOption({ label: 'PATH' })
  await mo.page.getByTestId('remove-template').click()
  await mo.page.getByTestId('remove-keep-notes').click()
  await expect.poll(() => boardShapeIds(mo.page, 'cb-zone')).toEqual([])

  await openHistory(mo.page)
  const auto = versionItem(mo.page, 'Before removing a template')
  await expect(auto).toHaveAttribute('data-local', 'false')
  await auto.getByTestId('version-look').click()
  await mo.page.getByTestId('version-restore').click()
  await mo.page.getByTestId('version-restore-confirm').click()
  await expect.poll(() => boardShapeIds(mo.page, 'cb-zone')).toEqual(zones)
})

test('a review starts from a version in the History: its actions, and what is new since', async ({ browser }) => {
  test.setTimeout(150_000)
  const fac = await person(browser, 'Mo', { reuse: true })
  const path = await createBoard(fac.page, 'Review from history')
  await waitForSynced(fac.page)
  await fac.page.getByTestId('start-path').click()
  await cameraSettled(fac.page)
  await writeNote(fac.page, await zoneCentre(fac.page, 'firstStep'), 'Call the café owner @Liz by Friday')

  const panel = await openHistory(fac.page)
  await panel.getByTestId('version-name').fill('First session')
  await panel.getByTestId('version-save').click()
  await expect(versionItem(fac.page, 'First session')).toHaveAttribute('data-local', 'false')

  // A participant sees the version but no review controls: the review is the facilitator's.
  const sam = await person(browser, 'Sam', { reuse: true })
  await sam.page.goto(path)
  await waitForCanvas(sam.page)
  await openHistory(sam.page)
  await expect(versionItem(sam.page, 'First session')).toBeVisible()
  await expect(versionItem(sam.page, 'First session').getByTestId('version-start-review')).toHaveCount(0)

  // The second session adds an action, then the facilitator reviews against the saved version.
  await fac.page.getByTestId('history-toggle').click()
  await expect(panel).toBeHidden()
  // The board is fitted again into the wider canvas: write once it stands still.
  await cameraSettled(fac.page)
  await writeNote(fac.page, await zoneCentre(fac.page, 'oneMonth'), 'Visit the café with Sam @Sam by 15 Jan')
  await openHistory(fac.page)
  await versionItem(fac.page, 'First session').getByTestId('version-start-review').click()
  const review = fac.page.getByTestId('review-panel')
  await expect(review).toBeVisible()
  await expect(fac.page.getByTestId('history-panel')).toBeHidden()
  await expect(review.getByTestId('review-base-title')).toHaveText('“First session”')
  // The version's action, and the one added since, marked new.
  await expect(review.getByTestId('review-row')).toHaveCount(2)
  await expect(review.locator('[data-testid="review-row"][data-what^="Call the café owner"]')).not.toHaveAttribute('data-new', /./)
  await expect(review.locator('[data-testid="review-row"][data-what^="Visit the café with Sam"]')).toHaveAttribute('data-new', 'true')
  await expect(review.getByTestId('review-count-new')).toHaveAttribute('data-count', '1')
})
