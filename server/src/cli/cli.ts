/**
 * The Circleboard command line: write template boards, export plans from board files, stored
 * rooms or their saved versions, turn a plan back into a board, back up the relay's database. No browser needed: the plan
 * is a pure function of the records (templates/src/extract.ts).
 *
 * `runCli` does the work and returns the exit code; main.ts wires it to the process. Errors a user
 * sees say what happened and what to do, on stderr; results go to stdout (or --out).
 */
import fs from 'node:fs'
import path from 'node:path'
import {
  BOARD_FILE_EXTENSION,
  FACILITATOR_LINK_PARAM,
  MAX_BOARD_FILE_BYTES,
  newFacilitatorKey,
  getBoardName,
  isValidRoomId,
  parseBoardFile,
  parsePlan,
  parsePlanText,
  planToCsv,
  planToHtml,
  planToJson,
  planToMarkdown,
  readAllRecords,
  versionSummaryLine,
  versionTitle,
  type VersionInfo,
} from '@circleboard/shared'
import type { Plan } from '@circleboard/shared'
import { TEMPLATE_IDS, boardToPlan, planBoardFile, templateBoardFile } from '@circleboard/templates'
import { backupDatabase } from '../persistence/backup'
import { deleteStoredVersion } from '../persistence/cliWrite'
import { replaceFacilitatorKeyHash } from '../persistence/facilitatorLink'
import { hashFacilitatorKey } from '../relay/facilitatorKeys'
import { listStoredRooms, listStoredVersions, openRoomDocReadOnly, readStoredVersionPlan } from '../persistence/readOnly'

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

export interface CliIo {
  stdout: (s: string) => void
  stderr: (s: string) => void
  env: Record<string, string | undefined>
  cwd: string
}

export const HELP = `Circleboard command line

Usage:
  pnpm cli template TEMPLATE --out FILE.circleboard [--name NAME] [--count N]
      Write a new board file holding one template, as the app inserts it.
      TEMPLATE    ${TEMPLATE_IDS.join(', ')}
      --count N   number of silos (silos only, 1-8, default 6)

  pnpm cli export FILE.circleboard [--format json|md|csv|html]
  pnpm cli export --room ROOMID [--version N] [--data-dir DIR] [--format json|md|csv|html]
      Print the board's plan to stdout (default format: json).
      --room      read a board stored by the relay (safe while the relay runs)
      --version N the plan of the board's saved version N (see pnpm cli versions)
      --data-dir  the relay's data folder (default: $DATA_DIR or ./data)
      --out FILE  write to FILE instead of stdout

  pnpm cli import-plan PLAN.json --out FILE.circleboard
      Turn an exported plan back into a board file (template plus stickies and action cards).

  pnpm cli rooms [--data-dir DIR]
      List the rooms stored in the relay's database.

  pnpm cli versions --room ROOMID [--data-dir DIR]
      List the board's saved versions, newest first: number, time (UTC), kind, title, who
      saved it, what changed, size (safe while the relay runs).

  pnpm cli versions delete --room ROOMID --version N [--data-dir DIR]
      Delete the board's saved version N for good, as the facilitator can in History: its
      bytes are overwritten in the database, its number is not used again, the board itself
      does not change. Backups made before still hold it (safe while the relay runs).

  pnpm cli backup FILE [--data-dir DIR]
      Copy the relay's database to FILE (consistent, safe while the relay runs).

  pnpm cli facilitator-link --room ROOMID [--base-url https://HOST] [--data-dir DIR]
      Make a new facilitator link for a board whose facilitator lost theirs, and print it.
      Old facilitator links of that board stop working (safe while the relay runs).

  pnpm cli --help
`

class UsageError extends Error {}
class InputError extends Error {}

interface Parsed {
  positional: string[]
  flags: Map<string, string | true>
}

const VALUE_FLAGS = new Set(['--out', '--format', '--room', '--data-dir', '--name', '--count', '--now', '--base-url', '--version'])
const BOOL_FLAGS = new Set(['--help', '-h'])

function parseArgs(argv: string[]): Parsed {
  const positional: string[] = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      positional.push(...argv.slice(i + 1))
      break
    }
    if (a.startsWith('-') && a !== '-') {
      const eq = a.indexOf('=')
      const name = eq > 0 ? a.slice(0, eq) : a
      if (VALUE_FLAGS.has(name)) {
        const value = eq > 0 ? a.slice(eq + 1) : argv[++i]
        if (value === undefined || value === '') throw new UsageError(`${name} needs a value.`)
        flags.set(name, value)
      } else if (BOOL_FLAGS.has(name)) flags.set(name, true)
      else throw new UsageError(`Unknown option ${name}.`)
    } else positional.push(a)
  }
  return { positional, flags }
}

function flag(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name)
  return typeof v === 'string' ? v : undefined
}

function dataDir(p: Parsed, io: CliIo): string {
  return path.resolve(io.cwd, flag(p, '--data-dir') ?? (io.env.DATA_DIR?.trim() || './data'))
}

function readTextFile(file: string, io: CliIo, what: string): string {
  const full = path.resolve(io.cwd, file)
  let stat: fs.Stats
  try {
    stat = fs.statSync(full)
  } catch {
    throw new InputError(`Cannot read ${what} "${file}": no such file.`)
  }
  if (!stat.isFile()) throw new InputError(`"${file}" is not a file.`)
  if (stat.size > MAX_BOARD_FILE_BYTES) {
    throw new InputError(`"${file}" is too big (${Math.round(stat.size / 1048576)} MB; the limit is ${MAX_BOARD_FILE_BYTES / 1048576} MB).`)
  }
  return fs.readFileSync(full, 'utf8')
}

function writeOut(p: Parsed, io: CliIo, text: string): void {
  const out = flag(p, '--out')
  if (!out) {
    io.stdout(text)
    return
  }
  const full = path.resolve(io.cwd, out)
  fs.mkdirSync(path.dirname(full), { recursive: true })
  fs.writeFileSync(full, text)
  io.stderr(`Wrote ${out}\n`)
}

function nowFrom(p: Parsed): Date {
  const s = flag(p, '--now')
  if (!s) return new Date()
  const d = new Date(s)
  if (Number.isNaN(d.getTime())) throw new UsageError(`--now "${s}" is not a date (use e.g. 2027-01-12T10:00:00Z).`)
  return d
}

const FORMATS = ['json', 'md', 'csv', 'html'] as const
type Format = (typeof FORMATS)[number]

function render(plan: Plan, format: Format): string {
  switch (format) {
    case 'md':
      return planToMarkdown(plan)
    case 'csv':
      return planToCsv(plan)
    case 'html':
      return planToHtml(plan)
    default:
      return planToJson(plan)
  }
}

function cmdTemplate(p: Parsed, io: CliIo): number {
  const [, id] = p.positional
  if (!id) throw new UsageError(`Which template? One of: ${TEMPLATE_IDS.join(', ')}.`)
  if (!(TEMPLATE_IDS as readonly string[]).includes(id)) {
    throw new UsageError(`Unknown template "${id}". Choose one of: ${TEMPLATE_IDS.join(', ')}.`)
  }
  const out = flag(p, '--out')
  if (!out) throw new UsageError(`Where to write it? Add --out FILE${BOARD_FILE_EXTENSION}.`)
  const countText = flag(p, '--count')
  let count: number | undefined
  if (countText !== undefined) {
    if (id !== 'silos') throw new UsageError('--count only applies to the silos template.')
    count = Number(countText)
    if (!Number.isInteger(count) || count < 1 || count > 8) throw new UsageError('--count must be a whole number from 1 to 8.')
  }
  writeOut(p, io, templateBoardFile(id, { name: flag(p, '--name'), options: count ? { count } : undefined }))
  return EXIT.ok
}

function cmdExport(p: Parsed, io: CliIo): number {
  const format = (flag(p, '--format') ?? 'json') as Format
  if (!FORMATS.includes(format)) throw new UsageError(`Unknown format "${format}". Use one of: ${FORMATS.join(', ')}.`)
  const room = flag(p, '--room')
  const file = p.positional[1]
  if (room && file) throw new UsageError('Give either a board file or --room, not both.')
  let plan: Plan
  const now = nowFrom(p)
  const versionText = flag(p, '--version')
  if (versionText !== undefined) {
    if (!room) throw new UsageError('--version needs --room ROOMID (versions are kept by the relay).')
    plan = storedVersionPlan(p, io, room, versionNumber(versionText))
  } else if (room) {
    if (!isValidRoomId(room)) throw new InputError(`"${room}" is not a valid board id.`)
    const dir = dataDir(p, io)
    const doc = openRoomDocReadOnly(dir, room)
    if (!doc) throw new InputError(`No board "${room}" in ${dir}. Check the id, and --data-dir (or DATA_DIR).`)
    try {
      plan = boardToPlan(readAllRecords(doc), { boardName: getBoardName(doc) ?? undefined, now })
    } finally {
      doc.destroy()
    }
  } else {
    if (!file) throw new UsageError(`Export what? Give a board file (FILE${BOARD_FILE_EXTENSION}) or --room ROOMID.`)
    const parsed = parseBoardFile(readTextFile(file, io, 'board file'))
    if (!parsed.ok) throw new InputError(parsed.error)
    for (const w of parsed.warnings) io.stderr(`warning: ${w}\n`)
    plan = boardToPlan(parsed.file.records, { boardName: parsed.file.name || undefined, now })
  }
  writeOut(p, io, render(plan, format))
  return EXIT.ok
}

function versionNumber(text: string): number {
  const n = /^[1-9][0-9]{0,14}$/.test(text) ? Number(text) : NaN
  if (!Number.isSafeInteger(n)) throw new UsageError(`--version "${text}" is not a version number (1, 2, 3…; see pnpm cli versions).`)
  return n
}

/** The plan stored with a version: what the board held then, read without loading its state. */
function storedVersionPlan(p: Parsed, io: CliIo, room: string, n: number): Plan {
  if (!isValidRoomId(room)) throw new InputError(`"${room}" is not a valid board id.`)
  const dir = dataDir(p, io)
  const json = readStoredVersionPlan(dir, room, n)
  if (json === 'no-room') throw new InputError(`No board "${room}" in ${dir}. Check the id, and --data-dir (or DATA_DIR).`)
  if (json === 'no-version') throw new InputError(`Board "${room}" has no version ${n}. List its versions with: pnpm cli versions --room ${room}`)
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new InputError(`The plan stored with version ${n} of "${room}" is damaged (not JSON).`)
  }
  const parsed = parsePlan(value)
  if (!parsed.ok) throw new InputError(`The plan stored with version ${n} of "${room}" does not read: ${parsed.error}`)
  return parsed.plan
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`
  return `${(n / 1048576).toFixed(1)} MB`
}

function cmdVersions(p: Parsed, io: CliIo): number {
  const sub = p.positional[1]
  if (sub === 'delete') return cmdVersionsDelete(p, io)
  if (sub !== undefined) throw new UsageError(`Unknown versions command "${sub}". Use pnpm cli versions --room ROOMID to list, or versions delete.`)
  const room = flag(p, '--room')
  if (!room) throw new UsageError('Which board? Add --room ROOMID (the id after /b/ in its link).')
  if (!isValidRoomId(room)) throw new InputError(`"${room}" is not a valid board id.`)
  const dir = dataDir(p, io)
  const versions = listStoredVersions(dir, room)
  if (!versions) throw new InputError(`No board "${room}" in ${dir}. Check the id, and --data-dir (or DATA_DIR).`)
  if (versions.length === 0) {
    io.stderr(`Board "${room}" has no saved versions yet.\n`)
    return EXIT.ok
  }
  const row = (v: VersionInfo) => [
    String(v.n),
    new Date(v.createdAt).toISOString().slice(0, 16).replace('T', ' '),
    v.kind,
    versionTitle(v),
    v.author || '-',
    versionSummaryLine(v.summary),
    formatBytes(v.bytes),
  ]
  const rows = [['n', 'saved (UTC)', 'kind', 'title', 'by', 'changes', 'size'], ...versions.map(row)]
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  for (const r of rows) io.stdout(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ') + '\n')
  return EXIT.ok
}

function cmdVersionsDelete(p: Parsed, io: CliIo): number {
  if (p.positional.length > 2) throw new UsageError('Give the board and the version as --room ROOMID --version N.')
  const room = flag(p, '--room')
  if (!room) throw new UsageError('Which board? Add --room ROOMID (the id after /b/ in its link).')
  const versionText = flag(p, '--version')
  if (versionText === undefined) throw new UsageError(`Which version? Add --version N (see pnpm cli versions --room ${room}).`)
  const n = versionNumber(versionText)
  if (!isValidRoomId(room)) throw new InputError(`"${room}" is not a valid board id.`)
  const dir = dataDir(p, io)
  // What is about to go, for the message (read before: afterwards it is gone).
  const info = listStoredVersions(dir, room)?.find((v) => v.n === n)
  const { result, checkpointed } = deleteStoredVersion(dir, room, n)
  if (result === 'no-database' || result === 'no-room') {
    throw new InputError(`No board "${room}" in ${dir}. Check the id, and --data-dir (or DATA_DIR).`)
  }
  if (result === 'no-version') {
    throw new InputError(`Board "${room}" has no version ${n}. List its versions with: pnpm cli versions --room ${room}`)
  }
  const what = info
    ? ` ("${versionTitle(info)}", ${info.kind}, saved ${new Date(info.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC${info.author ? ` by ${info.author}` : ''})`
    : ''
  io.stderr(
    `Deleted version ${n}${what} of board "${room}". Its number is not used again; the board itself did not change.\n` +
      (checkpointed
        ? 'Its bytes are overwritten in the database file. Backups made before still hold it.\n'
        : "Its bytes are overwritten in the database; the relay's next checkpoint writes that into the database file. Backups made before still hold it.\n"),
  )
  return EXIT.ok
}

function cmdImportPlan(p: Parsed, io: CliIo): number {
  const file = p.positional[1]
  if (!file) throw new UsageError('Import which plan? Give the plan JSON file.')
  if (!flag(p, '--out')) throw new UsageError(`Where to write the board? Add --out FILE${BOARD_FILE_EXTENSION}.`)
  const parsed = parsePlanText(readTextFile(file, io, 'plan'))
  if (!parsed.ok) throw new InputError(parsed.error)
  const { text, warnings } = planBoardFile(parsed.plan)
  for (const w of warnings) io.stderr(`warning: ${w}\n`)
  writeOut(p, io, text)
  return EXIT.ok
}

function cmdRooms(p: Parsed, io: CliIo): number {
  for (const id of listStoredRooms(dataDir(p, io))) io.stdout(`${id}\n`)
  return EXIT.ok
}

async function cmdBackup(p: Parsed, io: CliIo): Promise<number> {
  const file = p.positional[1]
  if (!file) throw new UsageError('Back up to which file? e.g. pnpm cli backup backups/circleboard-2027-01-12.sqlite')
  await backupDatabase(dataDir(p, io), path.resolve(io.cwd, file))
  io.stderr(`Backed up to ${file}\n`)
  return EXIT.ok
}

function cmdFacilitatorLink(p: Parsed, io: CliIo): number {
  const room = flag(p, '--room')
  if (!room) throw new UsageError('Which board? Add --room ROOMID (the id after /b/ in its link).')
  if (!isValidRoomId(room)) throw new InputError(`"${room}" is not a valid board id.`)
  const baseText = flag(p, '--base-url')
  let base = ''
  if (baseText !== undefined) {
    let url: URL
    try {
      url = new URL(baseText)
    } catch {
      throw new UsageError(`--base-url "${baseText}" is not an address (use e.g. https://boards.example.org).`)
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--base-url must start with https:// or http://.')
    base = url.origin + url.pathname.replace(/\/+$/, '')
  }
  const dir = dataDir(p, io)
  const key = newFacilitatorKey()
  const result = replaceFacilitatorKeyHash(dir, room, hashFacilitatorKey(key))
  if (result === 'no-database') throw new InputError(`No Circleboard database in ${dir}. Check --data-dir (or DATA_DIR).`)
  if (result === 'no-room') throw new InputError(`No board "${room}" in ${dir}. Check the id, and --data-dir (or DATA_DIR).`)
  io.stdout(`${base}/b/${room}?${FACILITATOR_LINK_PARAM}=${key}\n`)
  io.stderr(
    'New facilitator link for this board (above). Earlier facilitator links no longer give control.\n' +
      (base ? '' : "Put your site's address in front of it, or pass --base-url https://your.host.\n"),
  )
  return EXIT.ok
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const p = parseArgs(argv)
    const command = p.positional[0]
    if (p.flags.has('--help') || p.flags.has('-h') || command === 'help' || !command) {
      ;(command || p.flags.size ? io.stdout : io.stderr)(HELP)
      return command || p.flags.size ? EXIT.ok : EXIT.usage
    }
    switch (command) {
      case 'template':
        return cmdTemplate(p, io)
      case 'export':
        return cmdExport(p, io)
      case 'import-plan':
        return cmdImportPlan(p, io)
      case 'rooms':
        return cmdRooms(p, io)
      case 'versions':
        return cmdVersions(p, io)
      case 'backup':
        return await cmdBackup(p, io)
      case 'facilitator-link':
        return cmdFacilitatorLink(p, io)
      default:
        throw new UsageError(`Unknown command "${command}".`)
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\nRun "pnpm cli --help" for usage.\n`)
      return EXIT.usage
    }
    const message = error instanceof Error ? error.message : String(error)
    io.stderr(`Error: ${message}\n`)
    return EXIT.failed
  }
}
