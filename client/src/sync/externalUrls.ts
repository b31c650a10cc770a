/**
 * "The app makes no request to any host but its own": records from peers and files may point
 * tldraw at other hosts — an image or video asset's src, a bookmark's preview image and favicon,
 * an embed's iframe. Those fields are emptied here before tldraw sees them; the address is kept
 * in the record's meta (`meta.externalUrls`), so nothing is lost and a later version could let a
 * person choose to load it. The rewrite depends on the record alone, so every peer makes the same
 * one and writing it back converges.
 *
 * Allowed: data:, blob: and asset: URLs, relative paths and this page's own origin.
 */
import { AssetRecordType, getHashForString, type Editor, type TLAsset, type TLRecord } from 'tldraw'

function ownOrigin(): string | null {
  return typeof location === 'object' && location?.origin && location.origin !== 'null' ? location.origin : null
}

/** Whether loading this URL would contact a host other than the app's own. */
export function isExternalUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value === '') return false
  const v = value.trim()
  // inline data, this page's blobs, and tldraw's own asset-store references
  if (/^(data|blob|asset):/i.test(v)) return false
  // a scheme (https:, ftp:, javascript:, …) or a protocol-relative //host
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(v) || v.startsWith('//') || v.startsWith('\\\\')
  if (!absolute) return false
  const origin = ownOrigin()
  if (!origin) return true
  try {
    return new URL(v, origin).origin !== origin
  } catch {
    return true
  }
}

/** The props of each record kind that tldraw fetches or frames, with what "empty" means there. */
const FETCHED: Record<string, Record<string, Array<[prop: string, empty: string | null]>>> = {
  asset: {
    image: [['src', null]],
    video: [['src', null]],
    bookmark: [
      ['image', ''],
      ['favicon', ''],
    ],
  },
  shape: {
    embed: [['url', '']],
  },
}

/**
 * The record with every external address tldraw would load emptied (and kept in
 * meta.externalUrls), or the same object when there is none.
 */
export function withoutExternalUrls<R extends TLRecord>(record: R): R {
  const kind = (record as { type?: unknown }).type
  const fields = typeof kind === 'string' ? FETCHED[record.typeName]?.[kind] : undefined
  if (!fields) return record
  const props = (record as unknown as { props: Record<string, unknown> }).props
  const moved: Record<string, string> = {}
  for (const [prop, _empty] of fields) {
    if (isExternalUrl(props[prop])) moved[prop] = String(props[prop])
  }
  if (Object.keys(moved).length === 0) return record
  const nextProps = { ...props }
  for (const [prop, empty] of fields) if (prop in moved) nextProps[prop] = empty
  const meta = record.meta as Record<string, unknown>
  const kept = typeof meta.externalUrls === 'object' && meta.externalUrls !== null && !Array.isArray(meta.externalUrls) ? meta.externalUrls : {}
  return { ...record, props: nextProps, meta: { ...meta, externalUrls: { ...kept, ...moved } } } as R
}

/** A link card that names the address and loads nothing from it. */
function bookmarkAsset(url: string): TLAsset {
  return {
    id: AssetRecordType.createId(getHashForString(url)),
    typeName: 'asset',
    type: 'bookmark',
    props: { src: url, title: url, description: '', image: '', favicon: '' },
    meta: {},
  } as TLAsset
}

/**
 * Pasting or dropping a URL: tldraw would fetch the page itself to build a preview (and then its
 * image and favicon), or frame it in an iframe when it is a known embed (YouTube, Figma…). Here a
 * URL becomes a plain link card instead: the person's browser contacts nothing until they follow
 * the link. Returns a function that restores tldraw's handlers.
 */
export function stopUrlFetches(editor: Editor): () => void {
  editor.registerExternalAssetHandler('url', async ({ url }) => bookmarkAsset(url))
  editor.registerExternalContentHandler('embed', async ({ url, point }) => {
    const at = point ?? editor.getViewportPageBounds().center
    const asset = bookmarkAsset(url)
    editor.markHistoryStoppingPoint('paste link')
    editor.run(() => {
      if (!editor.getAsset(asset.id)) editor.createAssets([asset])
      editor.createShape({ type: 'bookmark', x: at.x - 150, y: at.y - 160, opacity: 1, props: { url, assetId: asset.id } })
    })
  })
  return () => {
    editor.registerExternalAssetHandler('url', null)
    editor.registerExternalContentHandler('embed', null)
  }
}
