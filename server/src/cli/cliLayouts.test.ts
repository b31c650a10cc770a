/**
 * `export --room` reads boards in both document layouts (docs/board-document.md): layout 1 (rich
 * text as JSON, boards stored before 2026-12-01) and layout 2 (rich text as Y.XmlFragment), each
 * stored by a real relay. The plan must be the same.
 */
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { getBoardLayout, setBoardName, upgradeBoardLayout, writeRecord, CURRENT_LAYOUT } from '@circleboard/shared'
import { jPathBoardRecords } from '@circleboard/templates'
import { runCli } from './cli'
import { connectClient, randomRoomId, startTestRelay, waitFor, waitForSynced } from '../testing/relayHarness'

async function exportRoom(dataDir: string, room: string, format: string) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(['export', '--room', room, '--data-dir', dataDir, '--format', format, '--now', '2027-01-12T10:00:00Z'], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    env: {},
    cwd: dataDir,
  })
  return { code, stdout, stderr }
}

describe('export --room reads both board layouts', () => {
  it('gives the same plan for a layout-1 and a layout-2 board', async () => {
    const relay = await startTestRelay()
    const rooms = { old: randomRoomId(), current: randomRoomId() }
    const layouts: Record<string, number> = {}
    for (const [kind, room] of Object.entries(rooms)) {
      const client = connectClient(relay, room)
      await waitForSynced(client)
      client.doc.transact(() => {
        if (kind === 'current') upgradeBoardLayout(client.doc) // then writeRecord stores fragments
        setBoardName(client.doc, 'Community circle')
        for (const r of jPathBoardRecords()) writeRecord(client.doc, r)
      })
      layouts[kind] = getBoardLayout(client.doc)
      const fragments = [...client.doc.getMap('records').values()].filter(
        (r) => r instanceof Y.Map && (r.get('props') as Y.Map<unknown> | undefined)?.get?.('richText') instanceof Y.XmlFragment
      ).length
      if (kind === 'current') expect(fragments).toBeGreaterThan(5)
      else expect(fragments).toBe(0)
      await waitFor(() => relay.metrics.updatesStored >= (kind === 'old' ? 1 : 2), 'update stored')
      client.destroy()
    }
    await relay.close()
    expect(layouts).toEqual({ old: 1, current: CURRENT_LAYOUT })

    const oldMd = await exportRoom(relay.dataDir, rooms.old, 'md')
    const newMd = await exportRoom(relay.dataDir, rooms.current, 'md')
    expect(oldMd.stderr).toBe('')
    expect(newMd.stderr).toBe('')
    expect(newMd.code).toBe(0)
    expect(newMd.stdout).toContain('- [ ] Call the café owner — **Liz** — by Friday (15 January 2027)')
    expect(newMd.stdout).toBe(oldMd.stdout)
    const oldJson = await exportRoom(relay.dataDir, rooms.old, 'json')
    const newJson = await exportRoom(relay.dataDir, rooms.current, 'json')
    expect(JSON.parse(newJson.stdout)).toEqual(JSON.parse(oldJson.stdout))
  })
})
