/** Saving things to the person's Downloads folder, without a server round trip. */

export function downloadBlob(fileName: string, blob: Blob) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // Give the browser time to start reading the blob before it is released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

export function downloadText(fileName: string, text: string, type: string) {
  downloadBlob(fileName, new Blob([text], { type }))
}

/**
 * Opens the printable plan in a new tab and asks it to print. A blocked popup (or a browser that
 * will not let us reach the tab) falls back to downloading the page, which prints just as well.
 * Returns how it went so the caller can say so.
 */
export function openPrintable(fileName: string, html: string): 'opened' | 'downloaded' {
  const blob = new Blob([html], { type: 'text/html' })
  const url = URL.createObjectURL(blob)
  let win: Window | null = null
  try {
    win = window.open(url, '_blank')
  } catch {
    win = null
  }
  if (!win) {
    URL.revokeObjectURL(url)
    downloadBlob(fileName, blob)
    return 'downloaded'
  }
  const print = () => {
    try {
      win!.focus()
      win!.print()
    } catch {
      // The tab is open; the person can print it from there.
    }
  }
  try {
    if (win.document.readyState === 'complete' && win.location.href === url) print()
    else win.addEventListener('load', print, { once: true })
  } catch {
    // Not reachable (some browsers isolate blob tabs): the person prints from the tab.
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return 'opened'
}

/**
 * The printable plan when it takes a moment to make (it starts with a picture of the board): the
 * tab is opened at once, inside the click, where browsers allow it, and says it is getting ready;
 * `show` then puts the page in it and asks it to print. A blocked popup falls back to a download.
 */
export function openPrintableLater(fileName: string): { show(html: string): 'opened' | 'downloaded'; cancel(): void } {
  let win: Window | null = null
  try {
    win = window.open('', '_blank')
    win?.document.write(
      '<!doctype html><meta charset="utf-8"><title>Preparing the plan…</title><p style="font:18px system-ui;margin:2rem">Preparing the printable plan…</p>',
    )
  } catch {
    // Unreachable tab: show() navigates it all the same.
  }
  return {
    show(html) {
      if (!win || win.closed) {
        downloadBlob(fileName, new Blob([html], { type: 'text/html' }))
        return 'downloaded'
      }
      const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }))
      const tab = win
      tab.location.replace(url)
      // The new document has its own load event; wait for it here (a listener on the old one is lost).
      const started = Date.now()
      const timer = setInterval(() => {
        try {
          if (tab.closed || Date.now() - started > 15_000) return clearInterval(timer)
          if (tab.location.href === url && tab.document.readyState === 'complete') {
            clearInterval(timer)
            tab.focus()
            tab.print()
          }
        } catch {
          clearInterval(timer)
        }
      }, 100)
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
      return 'opened'
    },
    cancel() {
      try {
        win?.close()
      } catch {
        // Already gone.
      }
    },
  }
}

/** Reads a blob as a data: URL (for a picture inside the self-contained printable page). */
export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(String(r.result))
    r.onerror = () => reject(r.error ?? new Error('could not read the picture'))
    r.readAsDataURL(blob)
  })
}

/** Reads a picked file as text, refusing files over `maxBytes` before reading them. */
export async function readFileText(file: File, maxBytes: number, what: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  if (file.size > maxBytes) {
    const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`
    return { ok: false, error: `"${file.name}" is too big for a ${what} (${mb(file.size)}; the limit is ${mb(maxBytes)}).` }
  }
  try {
    return { ok: true, text: await file.text() }
  } catch {
    return { ok: false, error: `"${file.name}" could not be read. Check that the file is still there and try again.` }
  }
}
