/**
 * Board files and plan files: save → open as a new board gives the same plan; a plan exported as
 * JSON and imported into a new board gives the same plan; bad or foreign files are refused with a
 * message and change nothing; pictures and the printable plan come out.
 */
import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { createBoard, openPlanPanel, parkKeptPeople, person, waitForCanvas, waitForSynced } from './helpers'
import { cameraSettled, writeNote, zoneCentre } from './plan-helpers'

// People kept between tests (person(…, { reuse: true })) leave their board after each test.
test.afterEach(parkKeptPeople)

/** A PATH board with a dream, a first step and a session date, the plan panel open. */
async function pathBoard(page: Page, name: string) {
  const path = await createBoard(page, name)
  await waitForSynced(page)
  await page.getByTestId('start-path').click()
  await openPlanPanel(page)
  await expect(page.getByTestId('plan-section')).toHaveCount(1)
  await cameraSettled(page)
  await page.getByTestId('session-date').fill('2027-01-12')
  await writeNote(page, await zoneCentre(page, 'dream'), 'A life with my own friends')
  await writeNote(page, await zoneCentre(page, 'firstStep'), 'Call the café owner @Liz by Friday')
  await expect(page.getByTestId('plan-action')).toContainText('Friday')
  return path
}

async function download(page: Page, menu: 'export-menu' | 'file-menu', item: string) {
  await page.getByTestId(menu).click()
  const downloading = page.waitForEvent('download')
  await page.getByTestId(item).click()
  const d = await downloading
  return { name: d.suggestedFilename(), path: (await d.path())!, bytes: await readFile((await d.path())!) }
}

async function exportPlan(page: Page) {
  const d = await download(page, 'export-menu', 'export-json')
  return JSON.parse(d.bytes.toString('utf8'))
}

/** Picks a file through the real menu item and the browser's file chooser. */
async function chooseFile(page: Page, item: 'open-board-file' | 'import-plan', file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByTestId('file-menu').click()
  const choosing = page.waitForEvent('filechooser')
  await page.getByTestId(item).click()
  await (await choosing).setFiles(file)
}

const withoutVolatile = (plan: any, alsoIds = false) =>
  JSON.parse(
    JSON.stringify(plan, (k, v) => (k === 'exportedAt' || (alsoIds && (k === 'shapeId' || k === 'instanceId')) ? undefined : v)),
  )

const shapeCount = (page: Page) => page.evaluate(() => (window as any).__circleboard.editor.getCurrentPageShapeIds().size)

test('save a board file, open it as a new board: same plan, same name, the first board untouched', async ({ browser }) => {
  const a = await person(browser, 'Alice', { reuse: true })
  const first = await pathBoard(a.page, 'Round trip')
  const before = await exportPlan(a.page)
  expect(before.sections[0].actions.firstStep[0]).toMatchObject({ who: 'Liz', when: 'Friday', dueDate: '2027-01-15' })

  const saved = await download(a.page, 'file-menu', 'save-board-file')
  expect(saved.name).toBe('round-trip-2027-01-12.circleboard')
  expect(JSON.parse(saved.bytes.toString('utf8'))).toMatchObject({ format: 'circleboard-board', version: 1, name: 'Round trip' })

  await chooseFile(a.page, 'open-board-file', { name: saved.name, mimeType: 'application/json', buffer: saved.bytes })
  await a.page.waitForURL((url) => url.pathname !== first && /^\/b\//.test(url.pathname))
  await waitForCanvas(a.page)
  await expect(a.page.getByTestId('board-notice')).toContainText('Opened "round-trip-2027-01-12.circleboard" as a new board')
  await expect(a.page.getByTestId('board-name')).toHaveText('Round trip')
  await expect(a.page.getByTestId('plan-action')).toContainText('Call the café owner')
  const after = await exportPlan(a.page)
  expect(withoutVolatile(after)).toEqual(withoutVolatile(before))
  await waitForSynced(a.page)

  // The board it came from is still there, as it was.
  await a.page.goto(first)
  await waitForCanvas(a.page)
  await expect(a.page.getByTestId('plan-action')).toContainText('Call the café owner')
  expect(withoutVolatile(await exportPlan(a.page))).toEqual(withoutVolatile(before))
})

test('export the plan as JSON, import it into a new board: the same plan', async ({ browser }) => {
  const a = await person(browser, 'Alice', { reuse: true })
  await pathBoard(a.page, 'Source')
  const before = await exportPlan(a.page)
  const planFile = await download(a.page, 'export-menu', 'export-json')
  expect(planFile.name).toBe('source-plan-2027-01-12.json')

  await createBoard(a.page, 'Target')
  await waitForSynced(a.page)
  await chooseFile(a.page, 'import-plan', { name: planFile.name, mimeType: 'application/json', buffer: planFile.bytes })
  await expect(a.page.getByTestId('board-notice')).toContainText('Imported the plan')
  await expect(a.page.getByTestId('plan-action')).toContainText('Call the café owner')
  // The session date came with the plan (this board had none).
  await expect(a.page.getByTestId('session-date')).toHaveValue('2027-01-12')
  const after = await exportPlan(a.page)
  const strip = (p: any) => ({ ...withoutVolatile(p, true), board: undefined })
  expect(strip(after)).toEqual(strip(before))
  expect(after.board.name).toBe('Target')
})

test('bad and foreign files are refused with a clear message and leave the board as it was', async ({ browser }) => {
  const a = await person(browser, 'Alice', { reuse: true })
  const path = await pathBoard(a.page, 'Careful')
  const before = withoutVolatile(await exportPlan(a.page))
  const shapesBefore = await shapeCount(a.page)
  const notice = a.page.getByTestId('board-notice')
  const json = (name: string, value: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)) })

  const cases: Array<{ item: 'open-board-file' | 'import-plan'; file: ReturnType<typeof json>; says: RegExp }> = [
    { item: 'open-board-file', file: json('broken.circleboard', '{"format": "circleboard-board", "records": [ oops'), says: /not valid JSON/ },
    { item: 'open-board-file', file: json('plan.json', { format: 'circleboard-plan', version: 1 }), says: /This is a Circleboard plan .*Use "Import plan"/ },
    {
      item: 'open-board-file',
      file: json('future.circleboard', { format: 'circleboard-board', version: 9, name: 'x', savedAt: '2030-01-01T00:00:00Z', schema: { schemaVersion: 2 }, records: [] }),
      says: /newer Circleboard .*Update Circleboard/,
    },
    { item: 'open-board-file', file: json('drawing.tldr', { tldrawFileFormatVersion: 1, schema: {}, records: [] }), says: /tldraw file \(\.tldr\)/ },
    { item: 'import-plan', file: json('board.circleboard', { format: 'circleboard-board', version: 1 }), says: /board file \(\.circleboard\), not a plan/ },
    { item: 'import-plan', file: json('notes.json', { format: 'circleboard-plan', version: 1, board: {}, sections: 'x' }), says: /This plan is not valid: .*board/ },
  ]
  for (const c of cases) {
    await chooseFile(a.page, c.item, c.file)
    await expect(notice).toHaveAttribute('data-kind', 'error')
    await expect(notice).toContainText(c.file.name)
    await expect(notice).toContainText(c.says)
    await expect(notice).toContainText('Your board was not changed')
    await notice.getByRole('button', { name: 'Dismiss this message' }).click()
    await expect(notice).toBeHidden()
  }
  expect(new URL(a.page.url()).pathname).toBe(path)
  expect(await shapeCount(a.page)).toBe(shapesBefore)
  expect(withoutVolatile(await exportPlan(a.page))).toEqual(before)
})

test('pictures of the board (PNG, SVG) and the printable plan', async ({ browser }) => {
  const a = await person(browser, 'Alice', { reuse: true })
  await pathBoard(a.page, 'Pictures')

  // While the picture is made, the person is told so (a first export takes seconds): the notice
  // appears before the download starts, and the Export button says it is busy.
  await a.page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { __progress: string[] }).__progress = seen
    new MutationObserver(() => {
      const notice = document.querySelector('[data-testid="board-notice"]')?.textContent ?? ''
      const button = document.querySelector('[data-testid="export-menu"]')?.textContent ?? ''
      if (/Making the picture of the board/.test(notice) && !seen.includes('notice')) seen.push('notice')
      if (/Exporting/.test(button) && !seen.includes('button')) seen.push('button')
    }).observe(document.body, { subtree: true, childList: true, characterData: true })
  })
  const png = await download(a.page, 'export-menu', 'export-png')
  expect((await a.page.evaluate(() => (window as unknown as { __progress: string[] }).__progress)).sort()).toEqual(['button', 'notice'])
  await expect(a.page.getByTestId('board-notice')).toContainText('is in your downloads')
  expect(png.name).toBe('pictures-2027-01-12.png')
  expect(png.bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true)
  expect(png.bytes.length).toBeGreaterThan(10_000)

  const svg = await download(a.page, 'export-menu', 'export-svg')
  expect(svg.name).toBe('pictures-2027-01-12.svg')
  const text = svg.bytes.toString('utf8')
  expect(text.startsWith('<svg')).toBe(true)
  expect(text).toContain('North Star')
  expect(text).toContain('A life with my own friends')

  // The printable plan opens in a new tab (a download would be the fallback if popups were blocked).
  await a.page.getByTestId('export-menu').click()
  const opening = a.page.waitForEvent('popup')
  await a.page.getByTestId('export-print').click()
  const tab = await opening
  await expect(tab.locator('h1')).toContainText('Pictures')
  await expect(tab.locator('body')).toContainText('Call the café owner')
})
