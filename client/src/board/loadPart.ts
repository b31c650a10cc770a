/** Loading a part of the app with import() when first needed (issue 13, item 6; see lazyParts.tsx). */

export const PART_FAILED =
  'This part of Circleboard could not be loaded: the app may have been updated since this page was opened, or the network is down. Your board is safe on this device. Reload the page to try again.'

/**
 * `import()` of a part, with one retry (a network blip), and an error a person can read when it
 * still fails. Use it for imperative loads too: `const m = await loadPart(() => import('./x'))`.
 */
export async function loadPart<M>(load: () => Promise<M>): Promise<M> {
  try {
    return await load()
  } catch {
    try {
      return await load()
    } catch (e) {
      console.warn('[circleboard] could not load part of the app', e)
      throw new Error(PART_FAILED)
    }
  }
}

