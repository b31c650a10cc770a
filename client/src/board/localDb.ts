/** The IndexedDB database a board's Y.Doc is kept in on this device. */
export function localDbName(key: string, mode: 'edit' | 'view' = 'edit') {
  return mode === 'edit' ? `circleboard-board-${key}` : `circleboard-view-${key}`
}
