/**
 * "Does the relay have everything this device has?" — asked before removing a board from a
 * device and to show changes not yet on the relay.
 *
 * The relay answers with a Yjs snapshot of its stored copy (state vector + delete set, a few bytes
 * to a few KB). The device checks that every change it holds — every inserted struct and every
 * deletion — is inside that snapshot. State vectors alone cannot answer it: deletions do not
 * advance a state vector.
 */
import * as Y from 'yjs'

export function relayHasAllOf(relaySnapshot: Uint8Array, doc: Y.Doc): boolean {
  const snapshot = Y.decodeSnapshot(relaySnapshot)
  // Only what the relay's state vector lacks, plus our whole delete set.
  const missing = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(snapshot.sv))
  return Y.snapshotContainsUpdate(snapshot, missing)
}

/** What the relay sends: its stored copy as a snapshot. */
export function encodeRelaySnapshot(doc: Y.Doc): Uint8Array {
  return Y.encodeSnapshot(Y.snapshot(doc))
}
