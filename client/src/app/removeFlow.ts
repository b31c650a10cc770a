import type * as Y from 'yjs'
import { checkRelayHasBoard, removeBoardFromDevice } from './deviceData'

/**
 * Remove a board from this device after checking the relay has everything; when it does not (or
 * cannot be asked), say so plainly and let the person decide. Returns whether it was removed.
 * `beforeRemove` runs after the person agreed and before the data goes (close the open board).
 */
export async function confirmAndRemoveBoard(
  roomId: string,
  boardName: string,
  opts: { doc?: Y.Doc; beforeRemove?: () => void | Promise<void> } = {}
): Promise<boolean> {
  const check = await checkRelayHasBoard(roomId, opts.doc)
  const name = boardName.trim() || 'this board'
  const question =
    check.kind === 'all-on-relay'
      ? `Remove “${name}” from this device?\n\nThe relay has every change, so the board is not lost: open its link again to get it back.`
      : `${check.message}\n\nRemove “${name}” from this device anyway? What only this device holds will be lost.`
  if (!window.confirm(question)) return false
  await opts.beforeRemove?.()
  await removeBoardFromDevice(roomId)
  return true
}
