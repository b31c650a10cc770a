import { expect, test, type Page } from '@playwright/test'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { drawRectangle, shapes, startExtraRelay, waitForCanvas, waitForOfflineShell, waitForSynced } from './helpers'

const builtClient = fileURLToPath(new URL('../../client/dist', import.meta.url))

/** Stamp a version into the served service worker, so the page can ask which one controls it. */
function deploy(swFile: string, original: string, version: string) {
  writeFileSync(
    swFile,
    `${original}\nself.addEventListener('message', (e) => { if (e.data && e.data.type === 'CB_E2E_VERSION') e.ports[0].postMessage('${version}') })\n`
  )
}

/** Which version of the service worker controls the page ('none' when none does). */
function controllerVersion(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const controller = navigator.serviceWorker.controller
        if (!controller) return resolve('none')
        const channel = new MessageChannel()
        channel.port1.onmessage = (e) => resolve(String(e.data))
        controller.postMessage({ type: 'CB_E2E_VERSION' }, [channel.port2])
      })
  )
}

test('a new version waits for the person: the prompt shows, nothing reloads, Reload switches to it', async ({ browser }) => {
  // Our own relay serving our own copy of the built app, so "deploying" a new version is a file edit.
  const dir = mkdtempSync(join(tmpdir(), 'circleboard-update-'))
  const staticDir = join(dir, 'dist')
  cpSync(builtClient, staticDir, { recursive: true })
  const swFile = join(staticDir, 'sw.js')
  const originalSw = readFileSync(swFile, 'utf8')
  deploy(swFile, originalSw, 'v1')
  const relay = await startExtraRelay({ staticDir, dataDir: join(dir, 'data') })
  const context = await browser.newContext({ baseURL: relay.url })
  try {
    await context.addInitScript(() => {
      if (!localStorage.getItem('circleboard.identity')) {
        localStorage.setItem('circleboard.identity', JSON.stringify({ id: 'e2e-Uma', name: 'Uma', color: '#2b6cb0' }))
      }
    })
    const page = await context.newPage()
    await page.goto('/')
    await page.getByTestId('new-board-name').fill('Update test')
    await page.getByTestId('create-board').click()
    await page.waitForURL(/\/b\/[A-Za-z0-9_-]{22}$/)
    await waitForCanvas(page)
    await waitForOfflineShell(page)
    // Version 1 controls the page from the next load on.
    await page.reload()
    await waitForSynced(page)
    expect(await controllerVersion(page)).toBe('v1')

    // Someone is mid-sentence on a sticky note.
    await page.evaluate(() => ((window as unknown as { __stillHere: number }).__stillHere = 42))
    // (A board with something on it, as in a session; an empty one may offer templates instead.)
    await drawRectangle(page, 300, 250)
    await expect(shapes(page)).toHaveCount(1)
    await page.keyboard.press('n')
    await page.mouse.click(600, 450)
    const note = page.locator('.tl-shape[data-shape-type="note"]')
    await expect(note).toHaveCount(1)
    await page.keyboard.type('Half a thought')
    await expect(note).toContainText('Half a thought')
    const editing = () =>
      page.evaluate(
        () => (window as unknown as { __circleboard: { editor: { getEditingShapeId(): string | null } } }).__circleboard.editor.getEditingShapeId()
      )
    const editingId = await editing()
    expect(editingId).not.toBeNull()

    // A new version is deployed; the browser checks for it.
    deploy(swFile, originalSw, 'v2')
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration()
      await reg!.update()
    })
    const prompt = page.getByTestId('update-prompt')
    await expect(prompt).toBeVisible()
    await expect(prompt).toContainText('A new version of Circleboard is ready.')
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.waiting?.state))).toBe('installed')

    // Nothing reloaded on its own: the page's state and the half-written note are as they were.
    expect(await page.evaluate(() => (window as unknown as { __stillHere?: number }).__stillHere)).toBe(42)
    expect(await editing()).toBe(editingId)
    await page.keyboard.type(', finished')
    await expect(note).toContainText('Half a thought, finished')
    await page.keyboard.press('Escape')
    await expect.poll(editing).toBeNull()
    expect(await controllerVersion(page)).toBe('v1')

    // The person chooses to reload: the new version takes over and the note is still there.
    const reloaded = page.waitForEvent('load')
    await prompt.getByRole('button', { name: 'Reload' }).click()
    await reloaded
    await waitForCanvas(page)
    expect(await page.evaluate(() => (window as unknown as { __stillHere?: number }).__stillHere)).toBeUndefined()
    await expect(page.getByTestId('update-prompt')).toHaveCount(0)
    expect(await controllerVersion(page)).toBe('v2')
    await expect(note).toContainText('Half a thought, finished')
  } finally {
    await context.close()
    await relay.stop()
    rmSync(dir, { recursive: true, force: true })
  }
})
