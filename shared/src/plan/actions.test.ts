import { describe, expect, it } from 'vitest'
import { formatActionText, parseActionText, parseEnrolText, resolveWhen, splitMentions } from './actions'

// 2027-01-12 is a Tuesday.
const REF = '2027-01-12'

describe('parseActionText', () => {
  it('reads the example from the brief', () => {
    expect(parseActionText('Call Sam @Liz by 12 Dec', REF)).toEqual({
      what: 'Call Sam',
      who: 'Liz',
      when: '12 Dec',
      status: 'todo',
      dueDate: '2027-12-12',
    })
  })

  it('handles quoted names, several names and any order', () => {
    expect(parseActionText('Visit the café @"Liz M" by Friday', REF)).toMatchObject({ what: 'Visit the café', who: 'Liz M', when: 'Friday', dueDate: '2027-01-15' })
    expect(parseActionText('@Sam and @Dad ask the bus driver by 15 Jan', REF)).toMatchObject({ who: 'Sam, Dad', what: 'ask the bus driver', dueDate: '2027-01-15' })
    expect(parseActionText('Call Sam by Friday @Liz', REF)).toMatchObject({ what: 'Call Sam', who: 'Liz', when: 'Friday' })
  })

  it('reads date forms', () => {
    expect(parseActionText('x by March', REF).dueDate).toBe('2027-03-31')
    expect(parseActionText('x by 2027-03-01', REF).dueDate).toBe('2027-03-01')
    expect(parseActionText('x by 15th January 2028', REF).dueDate).toBe('2028-01-15')
    expect(parseActionText('x by 1/2', REF).dueDate).toBe('2027-02-01')
    expect(parseActionText('x by tomorrow', REF).dueDate).toBe('2027-01-13')
    expect(parseActionText('x by next week', REF).dueDate).toBe('2027-01-19')
    expect(parseActionText('x by Tuesday', REF).dueDate).toBe('2027-01-19') // said on a Tuesday: next week
    expect(parseActionText('x by 10 Jan', REF).dueDate).toBe('2028-01-10') // already passed this year
    expect(parseActionText('x in 2 weeks', REF).when).toBe('') // only "by" clauses are deadlines
  })

  it('reads status markers', () => {
    expect(parseActionText('Call Sam @Liz (done)', REF)).toMatchObject({ what: 'Call Sam', status: 'done' })
    expect(parseActionText('✓ Call Sam', REF)).toMatchObject({ what: 'Call Sam', status: 'done' })
    expect(parseActionText('[x] Call Sam', REF).status).toBe('done')
    expect(parseActionText('Call Sam (doing)', REF).status).toBe('doing')
    expect(parseActionText('Call Sam', REF).status).toBe('todo')
  })

  it('copes with missing parts and non-dates', () => {
    expect(parseActionText('Call Sam', REF)).toEqual({ what: 'Call Sam', who: '', when: '', status: 'todo' })
    expect(parseActionText('Get fit by running', REF)).toEqual({ what: 'Get fit by running', who: '', when: '', status: 'todo' })
    // After a mention, "by ..." is the deadline even when it is not a date we know.
    expect(parseActionText('Ask the college @Liz by the end of term', REF)).toEqual({
      what: 'Ask the college', who: 'Liz', when: 'the end of term', status: 'todo',
    })
    expect(parseActionText('', REF)).toEqual({ what: '', who: '', when: '', status: 'todo' })
    expect(parseActionText(42 as unknown, REF).what).toBe('')
    // An e-mail address is not a mention.
    expect(parseActionText('Email liz@example.org', REF)).toMatchObject({ what: 'Email liz@example.org', who: '' })
  })

  it('keeps when but gives no dueDate without a reference day', () => {
    expect(parseActionText('Call Sam @Liz by Friday')).toEqual({ what: 'Call Sam', who: 'Liz', when: 'Friday', status: 'todo' })
    expect(parseActionText('Call Sam @Liz by 2027-02-03').dueDate).toBe('2027-02-03')
  })

  it('formatActionText reads back to the same parts', () => {
    for (const a of [
      { what: 'Call Sam', who: 'Liz', when: 'Friday', status: 'todo' as const },
      { what: 'Visit', who: 'Liz M, Sam', when: '15 Jan', status: 'done' as const },
      { what: 'Plan', who: '', when: '', status: 'doing' as const },
    ]) {
      const { dueDate: _d, ...back } = parseActionText(formatActionText(a), REF)
      expect(back).toEqual(a)
    }
  })
})

describe('resolveWhen', () => {
  it('rejects impossible dates and unknown words', () => {
    expect(resolveWhen('31 Feb', REF)).toBeUndefined()
    expect(resolveWhen('2027-02-30', REF)).toBeUndefined()
    expect(resolveWhen('soonish', REF)).toBeUndefined()
    expect(resolveWhen('29 Feb', REF)).toBe('2028-02-29')
  })
  it('reads a Date reference in local time', () => {
    expect(resolveWhen('tomorrow', new Date(2027, 0, 12, 23, 30))).toBe('2027-01-13')
  })
})

describe('enrol and mentions', () => {
  it('parses who asks', () => {
    expect(parseEnrolText('The bus driver who chats with J (ask: Dad)')).toEqual({ person: 'The bus driver who chats with J', asks: 'Dad' })
    expect(parseEnrolText('Café owner — ask: Liz')).toEqual({ person: 'Café owner', asks: 'Liz' })
    expect(parseEnrolText('Café owner @Liz')).toEqual({ person: 'Café owner', asks: 'Liz' })
    expect(parseEnrolText('Uncle Pete')).toEqual({ person: 'Uncle Pete', asks: '' })
  })
  it('hands out copies of what it remembers: changing one answer does not change the next', () => {
    const first = parseEnrolText('Café owner — ask: Liz')
    first.person = 'changed'
    first.asks = ''
    expect(parseEnrolText('Café owner — ask: Liz')).toEqual({ person: 'Café owner', asks: 'Liz' })
    expect(parseEnrolText('Café owner — ask: Liz')).not.toBe(parseEnrolText('Café owner — ask: Liz'))
  })
  it('reads texts past the memo limit the same way', () => {
    const long = `${'x'.repeat(2500)} (ask: Dad)`
    expect(parseEnrolText(long)).toEqual({ person: 'x'.repeat(2500), asks: 'Dad' })
  })
  it('splits mentions', () => {
    expect(splitMentions('Knows the café owner @Sam')).toEqual({ text: 'Knows the café owner', names: ['Sam'] })
    expect(splitMentions('Guitar lessons @"Liz M" @Sam')).toEqual({ text: 'Guitar lessons', names: ['Liz M', 'Sam'] })
  })
})

describe('status markers', () => {
  it('strip, write and cycle', async () => {
    const { stripStatusMarkers, statusMarker, nextActionStatus, parseActionText } = await import('./actions')
    expect(stripStatusMarkers('Call Sam (done) @Liz ✓ [x]')).toBe('Call Sam  @Liz  ')
    expect(parseActionText(`Call Sam @Liz ${statusMarker('doing')}`).status).toBe('doing')
    expect(parseActionText(`Call Sam @Liz ${statusMarker('done')}`).status).toBe('done')
    expect(statusMarker('todo')).toBe('')
    expect(['todo', 'doing', 'done'].map((s) => nextActionStatus(s as 'todo'))).toEqual(['doing', 'done', 'todo'])
  })
})

describe('parseActionText, asked again (the plan panel re-reads every action on each change)', () => {
  it('answers by the reference day, not by the last answer for the same text', () => {
    const text = 'Ring the college @Dad by Friday'
    expect(parseActionText(text, '2027-01-12').dueDate).toBe('2027-01-15')
    expect(parseActionText(text, '2027-01-16').dueDate).toBe('2027-01-22')
    // a time of day on the same day is the same day
    expect(parseActionText(text, new Date(2027, 0, 12, 9)).dueDate).toBe('2027-01-15')
    expect(parseActionText(text, new Date(2027, 0, 12, 23)).dueDate).toBe('2027-01-15')
    expect(parseActionText(text).dueDate).toBeUndefined()
  })

  it('hands out copies: changing one answer does not change the next', () => {
    const first = parseActionText('Call Sam @Liz by 12 Dec (done)', '2026-12-01')
    first.what = 'changed'
    first.status = 'todo'
    expect(parseActionText('Call Sam @Liz by 12 Dec (done)', '2026-12-01')).toMatchObject({ what: 'Call Sam', who: 'Liz', status: 'done', dueDate: '2026-12-12' })
  })
})
