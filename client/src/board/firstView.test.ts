// @vitest-environment jsdom
import { Box, type Editor } from 'tldraw'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fitIntoView, forgetView, keepViewAcrossResize, loadView, saveView } from './firstView'

describe('remembered views', () => {
  beforeEach(() => localStorage.clear())
  it('keeps one view per board', () => {
    saveView('a', { pageId: 'page:1', x: 1, y: 2, z: 0.5 })
    saveView('b', { pageId: 'page:1', x: 3, y: 4, z: 1 })
    expect(loadView('a')).toMatchObject({ pageId: 'page:1', x: 1, y: 2, z: 0.5 })
    forgetView('a')
    expect(loadView('a')).toBeNull()
    expect(loadView('b')).toMatchObject({ x: 3 })
  })
  it('ignores what it cannot trust', () => {
    localStorage.setItem('circleboard.views', JSON.stringify({ a: { pageId: 'page:1', x: 'no', y: 0, z: 1, t: 0 }, b: { pageId: 'p', x: 0, y: 0, z: -1, t: 0 } }))
    expect(loadView('a')).toBeNull()
    expect(loadView('b')).toBeNull()
    localStorage.setItem('circleboard.views', '{not json')
    expect(loadView('a')).toBeNull()
  })
  it('forgets the oldest beyond fifty boards', () => {
    for (let i = 0; i < 55; i++) saveView(`k${i}`, { pageId: 'p', x: i, y: 0, z: 1 })
    expect(Object.keys(JSON.parse(localStorage.getItem('circleboard.views')!))).toHaveLength(50)
  })
})

/**
 * A stand-in for the few editor calls the view code makes: a camera, a canvas whose width the
 * test changes (the plan panel opening beside it), and an animation that ends when the test says.
 */
function fakeEditor(content: { x: number; y: number; w: number; h: number }) {
  const size = { w: 1280, h: 800 }
  const container = document.createElement('div')
  container.getBoundingClientRect = () => ({ left: 0, top: 0, x: 0, y: 0, width: size.w, height: size.h, right: size.w, bottom: size.h, toJSON: () => ({}) })
  document.body.append(container)
  let camera = { x: 0, y: 0, z: 1 }
  let animatingTo: typeof camera | null = null
  const viewport = () => new Box(-camera.x, -camera.y, size.w / camera.z, size.h / camera.z)
  const editor = {
    isDisposed: false,
    options: { animationMediumMs: 320 },
    getContainer: () => container,
    updateViewportScreenBounds: () => {},
    getViewportPageBounds: viewport,
    getViewportScreenBounds: () => new Box(0, 0, size.w, size.h),
    getCurrentPageBounds: () => new Box(content.x, content.y, content.w, content.h),
    getCurrentPageShapeIds: () => new Set(['shape:a', 'shape:b']),
    getZoomLevel: () => camera.z,
    setCamera: (c: typeof camera, opts?: { animation?: unknown }) => {
      if (opts?.animation) animatingTo = { ...c }
      else {
        animatingTo = null
        camera = { ...c }
      }
    },
  }
  return {
    editor: editor as unknown as Editor,
    size,
    endAnimation: () => {
      if (animatingTo) camera = animatingTo
      animatingTo = null
    },
    contentInView: () => viewport().contains(new Box(content.x, content.y, content.w, content.h)),
  }
}

describe('keeping the view when the canvas narrows', () => {
  let frames: FrameRequestCallback[] = []
  let now = 0
  const flushFrames = () => {
    for (let i = 0; i < 3; i++) for (const f of frames.splice(0)) f(now)
  }
  beforeEach(() => {
    frames = []
    now = 1000
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f))
    vi.stubGlobal('cancelAnimationFrame', () => {})
    vi.spyOn(performance, 'now').mockImplementation(() => now)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('refits a template shown a moment ago even when the next frames come late (a busy machine)', () => {
    const content = { x: 0, y: 0, w: 3400, h: 1200 }
    const f = fakeEditor(content)
    fitIntoView(f.editor, content, { animate: true })
    // The plan panel opens while the fit is still animating...
    const cancel = keepViewAcrossResize(f.editor)
    f.size.w = 920
    // ...and the browser gets to its next frames only after the animation ended.
    now += 2000
    f.endAnimation()
    flushFrames()
    expect(f.contentInView()).toBe(true)
    cancel()
  })

  it('keeps the middle of the view when only part of the board was in view', () => {
    const content = { x: 0, y: 0, w: 3400, h: 1200 }
    const f = fakeEditor(content)
    f.editor.setCamera({ x: -100, y: -100, z: 1 })
    now += 5000
    const centre = f.editor.getViewportPageBounds().center
    keepViewAcrossResize(f.editor)
    f.size.w = 920
    flushFrames()
    const after = f.editor.getViewportPageBounds()
    expect(after.center.x).toBeCloseTo(centre.x)
    expect(f.editor.getZoomLevel()).toBe(1)
  })
})
