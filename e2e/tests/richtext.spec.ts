import { expect, test, type Page } from '@playwright/test'
import { createBoard, person, relaySwitch, waitForCanvas, waitForSynced } from './helpers'
import { writeNote } from './plan-helpers'

function note(page: Page) {
  return page.locator('.tl-shape[data-shape-type="note"]')
}

/** Select the note, start editing it and put the caret at the end of its text, as a person would. */
async function typeAtEnd(page: Page, text: string) {
  // zoom to fit, so the note is on screen whatever this person's camera was
  await page.mouse.click(200, 600)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Shift+1')
  const container = note(page).locator('.tl-note__container')
  await expect(container).toBeVisible()
  await page.waitForTimeout(500) // the zoom animates
  const box = await container.boundingBox()
  if (!box) throw new Error('the note is not on screen')
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 10)
  await page.keyboard.press('Enter')
  await expect(page.locator('.tl-shape[data-shape-type="note"] [contenteditable="true"]')).toBeVisible()
  // tldraw selects all the text a moment after editing starts (a timer after the text editor is
  // created), then the caret moves on End. Type only once both the page's selection and the rich
  // text editor's own state have a collapsed caret at the end: under load the editor's state can
  // still hold the select-all while the page already shows the caret, and a key then replaces all.
  await expect
    .poll(async () => {
      await page.keyboard.press('Control+End')
      return page.evaluate(() => {
        const sel = getSelection()
        const el = document.querySelector('.tl-shape[data-shape-type="note"] [contenteditable="true"]')
        const domReady = !!sel && sel.isCollapsed && !!el && !!sel.anchorNode && el.contains(sel.anchorNode)
        const rte = (window as any).__circleboard.editor.getRichTextEditor()
        const pm = rte?.state.selection
        const pmReady = !!pm && pm.empty && pm.from === rte.state.doc.content.size - 1
        return domReady && pmReady
      })
    }, { intervals: [250, 250, 500] })
    .toBe(true)
  await page.keyboard.type(text, { delay: 30 })
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
}

// Audit F8: the note's text used to be one JSON value, so one person's words disappeared.
test('two people typing in one note, one of them offline, both keep their words', async ({ browser }) => {
  test.setTimeout(240_000) // two browsers typing key by key: slow on a shared machine
  const a = await person(browser, 'Alice')
  const b = await person(browser, 'Bob')
  const relayA = await relaySwitch(a.context)
  const path = await createBoard(a.page, 'Text test')
  await waitForSynced(a.page)
  await b.page.goto(path)
  await waitForCanvas(b.page)
  await waitForSynced(b.page)

  // A writes a note with the real note tool and keyboard
  await writeNote(a.page, { x: 400, y: 300 }, 'Dream: a')
  await expect(note(a.page)).toHaveCount(1)
  await expect(note(b.page)).toContainText('Dream: a')

  // A loses the network; both add to the end of the same note
  await relayA.set(false)
  await expect(a.page.getByTestId('sync-status')).not.toHaveAttribute('data-relay', 'synced')
  await typeAtEnd(a.page, ' house')
  await typeAtEnd(b.page, ' job')
  await expect(note(a.page)).toContainText('Dream: a house')
  await expect(note(b.page)).toContainText('Dream: a job')

  await relayA.set(true)
  await waitForSynced(a.page)
  for (const page of [a.page, b.page]) await expect(note(page)).toContainText(/Dream: a (house job|job house)/)
  expect(await note(a.page).innerText()).toBe(await note(b.page).innerText())
  await a.context.close()
  await b.context.close()
})
