/**
 * A small validator with the shape of the part of zod that the facilitation and version frames
 * use (`z.object`, `z.string().max()`, `z.discriminatedUnion`, …), so those modules keep their
 * schemas as they were written and lose nothing in strictness, while the client's first load does
 * not carry zod (about 26 kB gzipped; issue 13, item 6). The plan schema (plan/model.ts) and the
 * comparison (plan/diff.ts) still use zod: they are loaded only for import and comparison.
 *
 * It behaves as zod 4 does for these combinators: objects are plain objects and unknown keys are
 * dropped from the output; numbers are finite (`int()` means a safe integer); strings are measured in
 * UTF-16 code units; a discriminated union picks its option by the discriminator's literal.
 * smallSchema.test.ts checks that, frame by frame, against zod itself on valid, mutated and
 * hostile input. Error messages are short sentences, not zod's.
 */

export interface Issue {
  message: string
  path: (string | number)[]
}
export type SafeParse<T> = { success: true; data: T; error?: undefined } | { success: false; error: { issues: Issue[] }; data?: undefined }

/** Thrown by `parse`. */
export class SchemaError extends Error {
  constructor(readonly issues: Issue[]) {
    super(issues[0]?.message ?? 'invalid')
  }
}

const FAIL: unique symbol = Symbol('fail')
type Out<T> = T | typeof FAIL
type Ctx = { issues: Issue[]; path: (string | number)[] }

function fail(ctx: Ctx, message: string): typeof FAIL {
  ctx.issues.push({ message, path: [...ctx.path] })
  return FAIL
}

function kindOf(x: unknown): string {
  if (x === null) return 'null'
  if (Array.isArray(x)) return 'array'
  if (typeof x === 'number' && Number.isNaN(x)) return 'NaN'
  return typeof x
}

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

export abstract class Schema<T> {
  declare readonly _output: T
  /** @internal */
  abstract run(x: unknown, ctx: Ctx): Out<T>

  safeParse(x: unknown): SafeParse<T> {
    const ctx: Ctx = { issues: [], path: [] }
    const r = this.run(x, ctx)
    if (r === FAIL) return { success: false, error: { issues: ctx.issues.length ? ctx.issues : [{ message: 'Invalid input', path: [] }] } }
    return { success: true, data: r }
  }

  parse(x: unknown): T {
    const r = this.safeParse(x)
    if (!r.success) throw new SchemaError(r.error.issues)
    return r.data
  }

  optional(): Schema<T | undefined> {
    return new Optional(this)
  }

  nullable(): Schema<T | null> {
    return new Nullable(this)
  }
}

class Optional<T> extends Schema<T | undefined> {
  constructor(readonly inner: Schema<T>) {
    super()
  }
  run(x: unknown, ctx: Ctx): Out<T | undefined> {
    return x === undefined ? undefined : this.inner.run(x, ctx)
  }
}

class Nullable<T> extends Schema<T | null> {
  constructor(private readonly inner: Schema<T>) {
    super()
  }
  run(x: unknown, ctx: Ctx): Out<T | null> {
    return x === null ? null : this.inner.run(x, ctx)
  }
}

type Check<T> = (x: T, ctx: Ctx) => boolean

class StringSchema extends Schema<string> {
  constructor(private readonly checks: Check<string>[] = []) {
    super()
  }
  private with(c: Check<string>): StringSchema {
    return new StringSchema([...this.checks, c])
  }
  min(n: number): StringSchema {
    return this.with((s, ctx) => s.length >= n || fail(ctx, `Too small: expected string to have >=${n} characters`) !== FAIL)
  }
  max(n: number): StringSchema {
    return this.with((s, ctx) => s.length <= n || fail(ctx, `Too big: expected string to have <=${n} characters`) !== FAIL)
  }
  regex(re: RegExp): StringSchema {
    return this.with((s, ctx) => {
      re.lastIndex = 0
      return re.test(s) || fail(ctx, `Invalid string: must match pattern ${re}`) !== FAIL
    })
  }
  run(x: unknown, ctx: Ctx): Out<string> {
    if (typeof x !== 'string') return fail(ctx, `Invalid input: expected string, received ${kindOf(x)}`)
    for (const c of this.checks) if (!c(x, ctx)) return FAIL
    return x
  }
}

class NumberSchema extends Schema<number> {
  constructor(private readonly checks: Check<number>[] = []) {
    super()
  }
  private with(c: Check<number>): NumberSchema {
    return new NumberSchema([...this.checks, c])
  }
  int(): NumberSchema {
    return this.with((n, ctx) => Number.isSafeInteger(n) || fail(ctx, 'Invalid input: expected int, received number') !== FAIL)
  }
  min(m: number): NumberSchema {
    return this.with((n, ctx) => n >= m || fail(ctx, `Too small: expected number to be >=${m}`) !== FAIL)
  }
  max(m: number): NumberSchema {
    return this.with((n, ctx) => n <= m || fail(ctx, `Too big: expected number to be <=${m}`) !== FAIL)
  }
  positive(): NumberSchema {
    return this.with((n, ctx) => n > 0 || fail(ctx, 'Too small: expected number to be >0') !== FAIL)
  }
  run(x: unknown, ctx: Ctx): Out<number> {
    if (typeof x !== 'number' || !Number.isFinite(x)) return fail(ctx, `Invalid input: expected number, received ${kindOf(x)}`)
    for (const c of this.checks) if (!c(x, ctx)) return FAIL
    return x
  }
}

class BooleanSchema extends Schema<boolean> {
  run(x: unknown, ctx: Ctx): Out<boolean> {
    return typeof x === 'boolean' ? x : fail(ctx, `Invalid input: expected boolean, received ${kindOf(x)}`)
  }
}

type Primitive = string | number | boolean | null

class LiteralSchema<T extends Primitive> extends Schema<T> {
  constructor(readonly value: T) {
    super()
  }
  run(x: unknown, ctx: Ctx): Out<T> {
    return x === this.value ? this.value : fail(ctx, `Invalid input: expected ${JSON.stringify(this.value)}`)
  }
}

class EnumSchema<T extends string> extends Schema<T> {
  private readonly values: ReadonlySet<string>
  constructor(values: readonly T[]) {
    super()
    this.values = new Set(values)
  }
  run(x: unknown, ctx: Ctx): Out<T> {
    return typeof x === 'string' && this.values.has(x) ? (x as T) : fail(ctx, `Invalid option: expected one of ${[...this.values].map((v) => JSON.stringify(v)).join('|')}`)
  }
}

class ArraySchema<T> extends Schema<T[]> {
  constructor(
    private readonly item: Schema<T>,
    private readonly maxLength = Infinity,
    private readonly minLength = 0,
  ) {
    super()
  }
  max(n: number): ArraySchema<T> {
    return new ArraySchema(this.item, n, this.minLength)
  }
  min(n: number): ArraySchema<T> {
    return new ArraySchema(this.item, this.maxLength, n)
  }
  run(x: unknown, ctx: Ctx): Out<T[]> {
    if (!Array.isArray(x)) return fail(ctx, `Invalid input: expected array, received ${kindOf(x)}`)
    if (x.length > this.maxLength) return fail(ctx, `Too big: expected array to have <=${this.maxLength} items`)
    if (x.length < this.minLength) return fail(ctx, `Too small: expected array to have >=${this.minLength} items`)
    const out: T[] = []
    for (let i = 0; i < x.length; i++) {
      ctx.path.push(i)
      const r = this.item.run(x[i], ctx)
      ctx.path.pop()
      if (r === FAIL) return FAIL
      out.push(r)
    }
    return out
  }
}

type Shape = Record<string, Schema<unknown>>
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends S[K]['_output'] ? K : never }[keyof S]
type Flatten<T> = { [K in keyof T]: T[K] } & {}
type ObjectOutput<S extends Shape> = Flatten<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: S[K]['_output'] } & { [K in OptionalKeys<S>]?: S[K]['_output'] }
>

class ObjectSchema<S extends Shape> extends Schema<ObjectOutput<S>> {
  constructor(readonly shape: S) {
    super()
  }
  run(x: unknown, ctx: Ctx): Out<ObjectOutput<S>> {
    if (!isPlainObject(x)) return fail(ctx, `Invalid input: expected object, received ${kindOf(x)}`)
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(this.shape)) {
      const schema = this.shape[key]!
      // Read as zod reads (inherited keys too; JSON.parse never makes any).
      const present = key in x
      const value = x[key]
      ctx.path.push(key)
      const r = schema.run(value, ctx)
      ctx.path.pop()
      if (r === FAIL) return FAIL
      // Unknown keys are dropped; an optional key that was absent stays absent.
      if (present || r !== undefined) out[key] = r
    }
    return out as ObjectOutput<S>
  }
}

type Option<D extends string> = ObjectSchema<Record<D, LiteralSchema<Primitive>> & Shape>

class DiscriminatedUnionSchema<D extends string, O extends readonly Option<D>[]> extends Schema<O[number]['_output']> {
  private readonly byValue = new Map<unknown, Option<D>>()
  constructor(
    private readonly key: D,
    options: O,
  ) {
    super()
    for (const o of options) this.byValue.set((o.shape[key] as LiteralSchema<Primitive>).value, o)
  }
  run(x: unknown, ctx: Ctx): Out<O[number]['_output']> {
    if (!isPlainObject(x)) return fail(ctx, `Invalid input: expected object, received ${kindOf(x)}`)
    const option = this.byValue.get(x[this.key])
    if (!option) {
      ctx.path.push(this.key)
      fail(ctx, 'Invalid input')
      ctx.path.pop()
      return FAIL
    }
    return option.run(x, ctx) as Out<O[number]['_output']>
  }
}

class RecordSchema<V> extends Schema<Record<string, V>> {
  constructor(
    private readonly keys: Schema<string>,
    private readonly values: Schema<V>,
  ) {
    super()
  }
  run(x: unknown, ctx: Ctx): Out<Record<string, V>> {
    if (!isPlainObject(x)) return fail(ctx, `Invalid input: expected record, received ${kindOf(x)}`)
    const out: Record<string, V> = {}
    for (const key of Object.keys(x)) {
      ctx.path.push(key)
      const k = this.keys.run(key, ctx)
      const v = k === FAIL ? FAIL : this.values.run(x[key], ctx)
      ctx.path.pop()
      if (k === FAIL || v === FAIL) return FAIL
      // Like zod: a key such as "__proto__" becomes an own property, never the prototype.
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
    }
    return out
  }
}

export const z = {
  string: () => new StringSchema(),
  number: () => new NumberSchema(),
  boolean: () => new BooleanSchema(),
  literal: <const T extends Primitive>(value: T) => new LiteralSchema<T>(value),
  enum: <const T extends readonly [string, ...string[]]>(values: T) => new EnumSchema<T[number]>(values),
  array: <T>(item: Schema<T>) => new ArraySchema<T>(item),
  object: <S extends Shape>(shape: S) => new ObjectSchema<S>(shape),
  record: <V>(keys: Schema<string>, values: Schema<V>) => new RecordSchema<V>(keys, values),
  discriminatedUnion: <D extends string, const O extends readonly Option<D>[]>(key: D, options: O) => new DiscriminatedUnionSchema<D, O>(key, options),
}

// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace z {
  export type infer<T extends Schema<unknown>> = T['_output']
}
