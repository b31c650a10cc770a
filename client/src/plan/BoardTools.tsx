/**
 * The board bar's plan tools: Templates, the Plan panel switch, Export (plan and pictures) and
 * Files (save / open a board file, import a plan). Messages about files appear in one notice under
 * the bar, saying what happened and what to do; a failed open or import never changes the board.
 */
import { useRef, useState, useSyncExternalStore } from 'react'
import { useValue, type Editor } from 'tldraw'
import {
  MAX_BOARD_FILE_BYTES,
  parseBoardFile,
  parsePlanText,
  selectSections,
  type Plan,
  planToCsv,
  planToEasyReadHtml,
  planToEasyReadMarkdown,
  planToHtml,
  planToJson,
  planToMarkdown,
  serializeBoardFile,
  type SerializedSchemaLike,
} from '@circleboard/shared'
import { planImportTooBig } from '@circleboard/templates'
import { navigate } from '../app/router'
import type { BoardSession } from '../board/session'
import { afterLayout, currentPlan, documentRecords, exportBoardImage, importPlanIntoBoard, readPlanDates, writeNewBoardFromFile } from './boardActions'
import { blobToDataUrl, downloadBlob, downloadText, openPrintableLater, readFileText } from './download'
import { ExportDialog, type ExportChoice } from './ExportDialog'
import { exportFileName } from './fileNames'
import { Menu } from './Menu'
import { TemplatePicker } from './TemplatePicker'
import { boardEditor } from './useBoardEditor'
import { notices, planUi, useNotice, usePlanUi } from './uiState'
import { saveBeforeBulkChange } from '../versions/autoVersion'

/** Plans are small (text only); anything this big is not one. */
const MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024

const error = (text: string, details?: string[]) => notices.show({ kind: 'error', text, details })
const info = (text: string, details?: string[]) => notices.show({ kind: 'info', text, details })

export function BoardTools({ editor: maybeEditor, session }: { editor: Editor | null; session: BoardSession }) {
  const editor = boardEditor(maybeEditor, session)
  const ui = usePlanUi()
  const { boardName } = useSyncExternalStore(session.subscribe, session.getState)
  const readonly = useValue('cb readonly', () => (editor ? editor.getIsReadonly() : true), [editor])
  const boardInput = useRef<HTMLInputElement>(null)
  const planInput = useRef<HTMLInputElement>(null)
  const [busy, setBusy] = useState(false)
  const [choosing, setChoosing] = useState<Plan | null>(null)
  const locale = (typeof navigator !== 'undefined' && navigator.language) || undefined

  const fileName = (ext: string, suffix?: string) =>
    exportFileName(boardName || 'Untitled board', ext, { sessionDate: editor ? readPlanDates(editor).sessionDate : undefined, suffix })

  const plan = () => currentPlan(editor!, boardName)

  const exportImage = async (format: 'png' | 'svg') => {
    if (!editor) return
    setBusy(true)
    // A big board takes seconds (fonts are embedded the first time): say so at once.
    info(format === 'png' ? 'Making the picture of the board… This can take a few seconds.' : 'Making the drawing of the board… This can take a few seconds.')
    try {
      downloadBlob(fileName(format), await exportBoardImage(editor, format))
      info(`The ${format === 'png' ? 'picture' : 'drawing'} of the board is in your downloads.`)
    } catch (e) {
      error(`Could not make the picture: ${(e as Error).message}`)
    } finally {
      setBusy(false)
    }
  }

  /** The printable plan, opening at once and starting with a picture of the board when there is one. */
  const exportPrintable = async (p: Plan, withPicture: boolean, omitEmpty: boolean) => {
    if (!editor) return
    const tab = openPrintableLater(fileName('html', 'plan'))
    setBusy(true)
    let boardImage: string | undefined
    try {
      if (withPicture && editor.getCurrentPageShapeIds().size) {
        info('Making the printable plan with a picture of the board… This can take a few seconds.')
        try {
          boardImage = await blobToDataUrl(await exportBoardImage(editor, 'png', 1800))
        } catch (e) {
          console.warn('[circleboard] no picture for the printable plan', e)
        }
      }
      const how = tab.show(planToHtml(p, { locale, omitEmpty, boardImage }))
      if (how === 'downloaded') info('Your browser did not open a new tab, so the printable plan was downloaded instead. Open it and print from there.')
      else notices.show(null)
    } catch (e) {
      tab.cancel()
      error(`Could not make the printable plan: ${(e as Error).message}`)
    } finally {
      setBusy(false)
    }
  }

  /** The plan in short sentences, large type and a pictogram beside each part, for the person it is about. */
  const exportEasyRead = () => {
    if (!editor) return
    const tab = openPrintableLater(fileName('html', 'easy-read'))
    const how = tab.show(planToEasyReadHtml(plan(), { locale }))
    if (how === 'downloaded') info('Your browser did not open a new tab, so the easy-read plan was downloaded instead. Open it and print from there.')
  }

  const exportChosen = (c: ExportChoice) => {
    setChoosing(null)
    // Chosen by hand: exactly these templates, empty or not.
    const p = selectSections(plan(), c.sections)
    if (c.format === 'md') downloadText(fileName('md'), planToMarkdown(p, { locale, omitEmpty: false }), 'text/markdown;charset=utf-8')
    if (c.format === 'csv') downloadText(fileName('csv'), planToCsv(p, { bom: true }), 'text/csv;charset=utf-8')
    if (c.format === 'json') downloadText(fileName('json', 'plan'), planToJson(p), 'application/json')
    if (c.format === 'print') void exportPrintable(p, c.picture, false)
  }

  const openBoardFile = async (file: File) => {
    if (!editor) return
    setBusy(true)
    try {
      const read = await readFileText(file, MAX_BOARD_FILE_BYTES, 'board file')
      if (!read.ok) return error(`${read.error} Your board was not changed.`)
      const parsed = parseBoardFile(read.text)
      if (!parsed.ok) return error(`Could not open "${file.name}". ${parsed.error} Your board was not changed.`)
      const result = await writeNewBoardFromFile(editor.store, parsed.file)
      if (!result.ok) return error(`Could not open "${file.name}". ${result.error} Your board was not changed.`)
      const skipped = parsed.warnings.length + result.dropped
      if (skipped) {
        info(
          `Opened "${file.name}" as a new board. ${skipped} part${skipped === 1 ? '' : 's'} of the file could not be read and ${skipped === 1 ? 'was' : 'were'} left out.`,
          [...parsed.warnings, ...result.reasons].slice(0, 10),
        )
      } else {
        info(`Opened "${file.name}" as a new board. The board you were on is unchanged.`)
      }
      navigate(`/b/${result.roomId}`)
    } catch (e) {
      error(`Could not open "${file.name}": ${(e as Error).message}. Your board was not changed.`)
    } finally {
      setBusy(false)
    }
  }

  const importPlanFile = async (file: File) => {
    if (!editor) return
    setBusy(true)
    try {
      const read = await readFileText(file, MAX_PLAN_FILE_BYTES, 'plan')
      if (!read.ok) return error(`${read.error} Your board was not changed.`)
      const parsed = parsePlanText(read.text)
      if (!parsed.ok) return error(`Could not import "${file.name}". ${parsed.error} Your board was not changed.`)
      // Refuse a plan far beyond any session before opening the panel or building shapes (audit F14).
      const tooBig = planImportTooBig(parsed.plan)
      if (tooBig) return error(`Could not import "${file.name}". ${tooBig}. Your board was not changed.`)
      // The board as it was is kept in the history first (versions/autoVersion.ts).
      if (!(await saveBeforeBulkChange('before-import'))) return info(`Did not import "${file.name}". Your board was not changed.`)
      if (editor.isDisposed) return
      // Open the panel first, so the plan lands in the middle of the view people will see.
      if (!planUi.get().panelOpen && window.innerWidth >= 1000) planUi.set({ panelOpen: true })
      const plan = parsed.plan
      afterLayout(editor, () => {
        try {
          const result = importPlanIntoBoard(editor, plan)
          const n = plan.sections.length
          const lines = [...result.warnings]
          if (result.dropped) lines.push(`${result.dropped} shape(s) could not be made and were left out.`)
          info(`Imported the plan from "${file.name}": ${n} template${n === 1 ? '' : 's'} added beside your board.`, lines)
        } catch (e) {
          error(`Could not import "${file.name}": ${(e as Error).message}. Your board was not changed.`)
        }
      })
    } catch (e) {
      error(`Could not import "${file.name}": ${(e as Error).message}. Your board was not changed.`)
    } finally {
      setBusy(false)
    }
  }

  const pick = (input: HTMLInputElement | null) => {
    if (!input) return
    input.value = ''
    input.click()
  }

  return (
    <>
      {!readonly && (
        <button onClick={() => planUi.openPicker()} disabled={!editor} data-testid="templates-button">
          Templates
        </button>
      )}
      <button aria-pressed={ui.panelOpen} onClick={() => planUi.set({ panelOpen: !ui.panelOpen })} data-testid="plan-toggle">
        Plan
      </button>
      <Menu
        label={busy ? 'Exporting…' : 'Export'}
        testId="export-menu"
        disabled={!editor || busy}
        items={[
          { label: 'Plan as Markdown', hint: '.md', testId: 'export-md', onSelect: () => downloadText(fileName('md'), planToMarkdown(plan(), { locale }), 'text/markdown;charset=utf-8') },
          { label: 'Actions as a spreadsheet', hint: '.csv', testId: 'export-csv', onSelect: () => downloadText(fileName('csv'), planToCsv(plan(), { bom: true }), 'text/csv;charset=utf-8') },
          { label: 'Plan data', hint: '.json', testId: 'export-json', onSelect: () => downloadText(fileName('json', 'plan'), planToJson(plan()), 'application/json') },
          { label: 'Printable plan', hint: 'with a picture', testId: 'export-print', onSelect: () => void exportPrintable(plan(), true, true) },
          { label: 'Choose what goes in…', hint: 'templates', testId: 'export-choose', onSelect: () => setChoosing(plan()) },
          { label: 'Easy-read plan', hint: 'large type, pictures', testId: 'export-easyread', onSelect: () => exportEasyRead() },
          { label: 'Easy-read plan as Markdown', hint: '.md', testId: 'export-easyread-md', onSelect: () => downloadText(fileName('md', 'easy-read'), planToEasyReadMarkdown(plan(), { locale }), 'text/markdown;charset=utf-8') },
          { label: 'Picture of the board', hint: '.png', testId: 'export-png', onSelect: () => void exportImage('png') },
          { label: 'Drawing of the board', hint: '.svg', testId: 'export-svg', onSelect: () => void exportImage('svg') },
        ]}
      />
      <Menu
        label="File"
        testId="file-menu"
        disabled={!editor || busy}
        items={[
          {
            label: 'Save board file',
            hint: '.circleboard',
            testId: 'save-board-file',
            onSelect: () => {
              const text = serializeBoardFile({ name: boardName, schema: editor!.store.schema.serialize() as unknown as SerializedSchemaLike, records: documentRecords(editor!.store) })
              downloadText(fileName('circleboard'), text, 'application/json')
            },
          },
          { label: 'Open board file…', hint: 'as a new board', testId: 'open-board-file', onSelect: () => pick(boardInput.current) },
          ...(readonly ? [] : [{ label: 'Import plan…', hint: '.json, into this board', testId: 'import-plan', onSelect: () => pick(planInput.current) }]),
        ]}
      />
      <input
        ref={boardInput}
        type="file"
        accept=".circleboard,application/json,.json"
        hidden
        data-testid="board-file-input"
        onChange={(e) => {
          const f = e.target.files?.[0]
          if (f) void openBoardFile(f)
        }}
      />
      <input
        ref={planInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="plan-file-input"
        onChange={(e) => {
          const f = e.target.files?.[0]
          if (f) void importPlanFile(f)
        }}
      />
      {choosing && <ExportDialog plan={choosing} onExport={exportChosen} onClose={() => setChoosing(null)} fileName={fileName} editor={editor} />}
      {editor && ui.picker && !readonly && <TemplatePicker editor={editor} initial={ui.picker.templateId} onClose={() => planUi.set({ picker: null })} />}
      <NoticeBar />
    </>
  )
}

function NoticeBar() {
  const notice = useNotice()
  if (!notice) return null
  return (
    <div className={`cb-notice cb-notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="board-notice" data-kind={notice.kind}>
      <div>
        <p>{notice.text}</p>
        {notice.details && notice.details.length > 0 && (
          <ul className="small">
            {notice.details.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ul>
        )}
      </div>
      <button className="link-button" onClick={() => notices.show(null)} aria-label="Dismiss this message">
        Close
      </button>
    </div>
  )
}
