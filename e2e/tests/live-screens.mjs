// Screenshots of a live board at four sizes with menus open, for looking at (not a test).
// Usage: start a relay serving client/dist, then: node e2e/tests/live-screens.mjs http://127.0.0.1:PORT /tmp/shots
import { chromium } from '@playwright/test'
import { mkdirSync } from 'node:fs'
const [base = 'http://127.0.0.1:8931', out = '/tmp/shots'] = process.argv.slice(2)
mkdirSync(out, { recursive: true })
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] })
async function personCtx(name, viewport) {
  const ctx = await browser.newContext({ baseURL: base, viewport })
  await ctx.addInitScript((n) => localStorage.setItem('circleboard.identity', JSON.stringify({ id: `id-${n}`, name: n, color: n === 'Mo' ? '#3f8f4a' : '#2a9d8f' })), name)
  return ctx
}
async function note(page, zone, text) {
  const at = await page.evaluate((zoneId) => {
    const ed = window.__circleboard.editor
    const z = ed.getCurrentPageShapes().find((s) => s.type === 'cb-zone' && s.props.zoneId === zoneId)
    const b = ed.getShapePageBounds(z.id)
    const p = ed.pageToViewport({ x: b.x + b.w / 2, y: b.y + b.h / 2 })
    const c = ed.getViewportScreenBounds()
    return { x: c.x + p.x, y: c.y + p.y }
  }, zone)
  await page.mouse.click(at.x, at.y)
  await page.keyboard.press('Escape')
  await page.keyboard.press('n')
  await page.mouse.click(at.x, at.y)
  await page.locator('.tl-shape[data-shape-type="note"] [contenteditable="true"]').waitFor()
  await page.keyboard.type(text)
  await page.keyboard.press('Escape')
  await page.keyboard.press('Escape')
}
const fac = await personCtx('Mo', { width: 1440, height: 900 })
const fp = await fac.newPage()
await fp.goto('/')
await fp.getByTestId('new-board-name').fill("J's PATH — 12 January")
await fp.getByTestId('create-board').click()
await fp.waitForURL(/\/b\//)
await fp.locator('.tl-canvas').waitFor()
await fp.screenshot({ path: `${out}/1440-00-empty.png` })
await fp.getByTestId('start-path').click()
await fp.waitForTimeout(1500)
await fp.screenshot({ path: `${out}/1440-01-path-inserted.png` })
await note(fp, 'dream', 'A life with my own friends')
await note(fp, 'now', 'Lives with Dad, bus to college')
await note(fp, 'enrol', 'Ravi the bus driver (ask: Dad)')
await note(fp, 'firstStep', 'Call the café owner @Liz by Friday')
const path = new URL(fp.url()).pathname
const others = []
for (const n of ['Sam', 'Priya', 'Ravi']) {
  const c = await personCtx(n, { width: 800, height: 600 })
  const p = await c.newPage()
  await p.goto(path)
  others.push(c)
}
await fp.waitForTimeout(2500)
await fp.screenshot({ path: `${out}/1440-02-notes-people.png` })
for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 768 }, { width: 820, height: 1180 }, { width: 390, height: 844 }]) {
  const ctx = await personCtx('Liz', size)
  const p = await ctx.newPage()
  await p.goto(path)
  await p.locator('.tl-canvas').waitFor()
  await p.waitForTimeout(2500)
  const w = size.width
  await p.screenshot({ path: `${out}/${w}-10-joiner-first-view.png` })
  const shot = async (name) => { await p.waitForTimeout(300); await p.screenshot({ path: `${out}/${w}-${name}.png` }) }
  const close = async () => { await p.keyboard.press('Escape'); await p.mouse.click(w / 2, size.height - 150); await p.waitForTimeout(200) }
  await p.getByTestId('people-button').click(); await shot('11-people'); await close()
  await p.getByTestId('sync-status').getByRole('button').click(); await shot('12-status'); await close()
  await p.getByTestId('share').click(); await shot('13-share'); await close()
  const more = p.getByTestId('bar-more')
  if (await more.isVisible()) { await more.click(); await shot('14-tools-sheet') }
  await p.getByTestId('export-menu').click(); await shot('15-export'); await close()
  if (await more.isVisible()) await more.click()
  await p.getByTestId('plan-toggle').click(); await p.waitForTimeout(800); await shot('16-plan-panel')
  await ctx.close()
}
await browser.close()
