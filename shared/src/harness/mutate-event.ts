import fc from 'fast-check'
import { TRIGGERS } from '../cli/variants.ts'
import { listCorpus, loadCorpusEvent } from '../corpus/corpus.ts'
import type { InvocationResult } from './invoke.ts'

/**
 * The mutation fuzzer: takes real-shaped events (every builder variant and corpus event of a
 * trigger), breaks them the ways clients and misconfigured triggers do, and checks that the
 * handler answers or fails with one of its typed errors. One engine; each handler's fuzz test
 * names its seeds, how to invoke it, and its typed errors.
 */

export interface EventSeed {
  /** `fixture:<trigger>/<variant>` or `corpus:<file>`. */
  name: string
  event: unknown
  /** How often it is picked relative to the others (default 1): more for seeds that reach deep code. */
  weight?: number
}

/**
 * Every variant the `event` CLI prints for `fixtures` (with default options), then every corpus
 * event of the `corpus` triggers (`listCorpus(trigger)` names).
 */
export const eventSeeds = (options: {
  fixtures: string
  corpus: readonly string[]
}): EventSeed[] => {
  const spec = TRIGGERS[options.fixtures]
  if (spec === undefined) {
    throw new Error(`No fixtures for "${options.fixtures}"; known: ${Object.keys(TRIGGERS)}.`)
  }
  const fixtures = spec.variants.map((variant) => ({
    name: `fixture:${options.fixtures}/${variant}`,
    event: spec.build(variant, {}),
  }))
  const corpus = options.corpus.flatMap((trigger) =>
    listCorpus(trigger).map((entry) => ({
      name: `corpus:${entry.file}`,
      event: loadCorpusEvent(entry.file),
    })),
  )
  return [...fixtures, ...corpus]
}

export type PathSegment = string | number
export type EventPath = readonly PathSegment[]

/** Names that resolve to something on every plain object unless the code reads own keys only. */
export const PROTOTYPE_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
] as const

/** Strings that are wrongly encoded in the ways AWS events are not: percent, base64, UTF-16. */
export const BAD_ENCODINGS = [
  '%',
  '%zz',
  '%E0%A4%A',
  '%C3%28',
  '\uD800',
  'a\u0000b',
  'not base64!',
  '/w==', // base64 of 0xFF: not UTF-8
  '\uFFFD',
] as const

const SWAPPED_VALUES = [0, -1, 1.5, 2 ** 53, Number.NaN, '', 'x', true, false, [], {}, [null]]

export type Mutation =
  | { kind: 'drop' | 'null' | 'empty'; path: EventPath }
  | { kind: 'swap'; path: EventPath; value: unknown }
  /** Adds an own key named like an Object.prototype member to the object at `path`. */
  | { kind: 'prototype-key'; path: EventPath; name: string; value: unknown }
  /** Renames the key at `path` to a prototype member's name, keeping its value. */
  | { kind: 'prototype-rename'; path: EventPath; name: string }
  /** Replaces the string at `path` with a prototype member's name. */
  | { kind: 'prototype-value'; path: EventPath; name: string }
  /** An array repeated to `length` items, or a string to `length` characters. */
  | { kind: 'huge'; path: EventPath; length: number }
  | { kind: 'encoding'; path: EventPath; value: string }

type Container = Record<PropertyKey, unknown> | unknown[]

const isContainer = (value: unknown): value is Container =>
  typeof value === 'object' && value !== null

/** Every path in the event, the event itself (`[]`) first; own keys only. */
export const pathsOf = (event: unknown, limit = 2_000): EventPath[] => {
  const paths: EventPath[] = []
  const walk = (value: unknown, path: EventPath) => {
    if (paths.length >= limit) return
    paths.push(path)
    if (!isContainer(value)) return
    // Only a few items of a long list: they all look alike.
    const keys = Array.isArray(value) ? [...value.keys()].slice(0, 3) : Object.keys(value)
    for (const key of keys) walk((value as Record<PropertyKey, unknown>)[key], [...path, key])
  }
  walk(event, [])
  return paths
}

const getAt = (event: unknown, path: EventPath): unknown => {
  let value = event
  for (const segment of path) {
    if (!isContainer(value) || !Object.hasOwn(value, segment)) return undefined
    value = (value as Record<PropertyKey, unknown>)[segment]
  }
  return value
}

/** Defines rather than assigns, so `__proto__` becomes an own key, as JSON.parse makes it. */
const defineOwn = (target: Container, key: PropertyKey, value: unknown) =>
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })

/** Replaces the value at `path` (the event itself for `[]`); a path that no longer exists is skipped. */
const replaceAt = (
  event: unknown,
  path: EventPath,
  replace: (value: unknown) => unknown,
): unknown => {
  if (path.length === 0) return replace(event)
  const parent = getAt(event, path.slice(0, -1))
  const key = path.at(-1) as PathSegment
  if (!isContainer(parent) || !Object.hasOwn(parent, key)) return event
  defineOwn(parent, key, replace((parent as Record<PropertyKey, unknown>)[key]))
  return event
}

const emptyOf = (value: unknown): unknown =>
  Array.isArray(value) ? [] : typeof value === 'string' ? '' : isContainer(value) ? {} : value

const hugeOf = (value: unknown, length: number): unknown => {
  if (Array.isArray(value)) {
    return Array.from({ length }, (_, index) =>
      structuredClone(value[index % value.length] ?? null),
    )
  }
  return typeof value === 'string' ? (value || 'x').repeat(length).slice(0, length) : value
}

/** Applies one mutation in place (the event is a copy) and returns the event (new if it was `[]`). */
export const applyMutation = (event: unknown, mutation: Mutation): unknown => {
  const { path } = mutation
  switch (mutation.kind) {
    case 'drop': {
      const parent = getAt(event, path.slice(0, -1))
      const key = path.at(-1)
      if (key === undefined || !isContainer(parent)) return path.length === 0 ? undefined : event
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1)
      else delete (parent as Record<PropertyKey, unknown>)[key]
      return event
    }
    case 'null':
      return replaceAt(event, path, () => null)
    case 'empty':
      return replaceAt(event, path, emptyOf)
    case 'swap':
      return replaceAt(event, path, () => structuredClone(mutation.value))
    case 'prototype-key': {
      const target = getAt(event, path)
      if (isContainer(target) && !Array.isArray(target))
        defineOwn(target, mutation.name, mutation.value)
      return event
    }
    case 'prototype-rename': {
      const parent = getAt(event, path.slice(0, -1))
      const key = path.at(-1)
      if (typeof key !== 'string' || !isContainer(parent) || Array.isArray(parent)) return event
      if (!Object.hasOwn(parent, key)) return event
      const value = parent[key]
      delete parent[key]
      defineOwn(parent, mutation.name, value)
      return event
    }
    case 'prototype-value':
      return replaceAt(event, path, (value) => (typeof value === 'string' ? mutation.name : value))
    case 'huge':
      return replaceAt(event, path, (value) => hugeOf(value, mutation.length))
    case 'encoding':
      return replaceAt(event, path, (value) => (typeof value === 'string' ? mutation.value : value))
  }
}

/** Applies mutations one after another to a copy of the seed; the seed is never changed. */
export const applyMutations = (seed: unknown, mutations: readonly Mutation[]): unknown =>
  mutations.reduce(applyMutation, structuredClone(seed) as unknown)

export interface MutationOptions {
  /** Mutations per event, 1 to this. Default 3. */
  maxMutations?: number
  /** Length of a "huge" array or string. Default 1000; the handler's own limit tests go higher. */
  hugeLength?: number
}

const mutationAt = (
  path: EventPath,
  value: unknown,
  hugeLength: number,
): fc.Arbitrary<Mutation> => {
  const protoName = fc.constantFrom(...PROTOTYPE_NAMES)
  const anyValue = fc.constantFrom(...SWAPPED_VALUES, 'a string', { nested: 'object' })
  const choices: fc.Arbitrary<Mutation>[] = [
    fc.constant({ kind: 'null', path }),
    anyValue.map((swapped) => ({ kind: 'swap', path, value: swapped })),
  ]
  if (path.length > 0) choices.push(fc.constant({ kind: 'drop', path }))
  // A key in an object (arrays have number segments): the same value under a prototype name.
  if (typeof path.at(-1) === 'string') {
    choices.push(protoName.map((name) => ({ kind: 'prototype-rename', path, name })))
  }
  if (isContainer(value) || typeof value === 'string') {
    choices.push(fc.constant({ kind: 'empty', path }))
  }
  if (Array.isArray(value) || typeof value === 'string') {
    choices.push(fc.constant({ kind: 'huge', path, length: hugeLength }))
  }
  if (isContainer(value) && !Array.isArray(value)) {
    // Mostly a value like its siblings' (a header map gets a string), so the key is what is odd.
    const siblings = Object.values(value).slice(0, 3)
    const likeSiblings = siblings.length > 0 ? fc.constantFrom(...siblings) : fc.constant('text')
    const added = fc.oneof(
      { weight: 3, arbitrary: likeSiblings },
      { weight: 1, arbitrary: anyValue },
    )
    choices.push(
      fc
        .tuple(protoName, added)
        .map(([name, addedValue]) => ({ kind: 'prototype-key', path, name, value: addedValue })),
    )
  }
  if (typeof value === 'string') {
    choices.push(protoName.map((name) => ({ kind: 'prototype-value', path, name })))
    choices.push(
      fc
        .oneof(
          fc.constantFrom(...BAD_ENCODINGS),
          fc.constant(Buffer.from(value).toString('base64')),
          fc.constant(encodeURIComponent(encodeURIComponent(value))),
        )
        .map((encoded) => ({ kind: 'encoding', path, value: encoded })),
    )
  }
  return fc.oneof(...choices)
}

export interface MutatedEvent {
  seed: string
  mutations: Mutation[]
  event: unknown
}

/** An arbitrary of mutated events: pick a seed, then 1 to `maxMutations` mutations of its paths. */
export const mutatedEvents = (
  seeds: readonly EventSeed[],
  options: MutationOptions = {},
): fc.Arbitrary<MutatedEvent> => {
  const { maxMutations = 3, hugeLength = 1_000 } = options
  if (seeds.length === 0) throw new Error('mutatedEvents needs at least one seed event.')
  const perSeed = seeds.map((seed) => {
    const mutationsHere = pathsOf(seed.event).map((path) =>
      mutationAt(path, getAt(seed.event, path), hugeLength),
    )
    const arbitrary = fc
      .array(fc.oneof(...mutationsHere), { minLength: 1, maxLength: maxMutations })
      .map((mutations) => ({
        seed: seed.name,
        mutations,
        event: applyMutations(seed.event, mutations),
      }))
    return { arbitrary, weight: seed.weight ?? 1 }
  })
  return fc.oneof(...perSeed)
}

/** Errors the runtime throws on its own when code meets a shape it did not expect. */
export const UNTYPED_ERROR_NAMES = [
  'Error',
  'TypeError',
  'ReferenceError',
  'RangeError',
  'SyntaxError',
  'URIError',
  'EvalError',
  'AggregateError',
] as const

/**
 * Errors carried inside a thrown error: `cause`, an AggregateError's `errors`, and the
 * `failures[].error` a batch handler collects per record.
 */
export const nestedErrors = (thrown: unknown, depth = 0): unknown[] => {
  if (!isContainer(thrown) || depth > 5) return []
  const found: unknown[] = []
  const holder = thrown as { cause?: unknown; errors?: unknown; failures?: unknown }
  if (holder.cause !== undefined) found.push(holder.cause)
  if (Array.isArray(holder.errors)) found.push(...holder.errors)
  if (Array.isArray(holder.failures)) {
    for (const failure of holder.failures) {
      if (isContainer(failure) && 'error' in failure) found.push(failure.error)
    }
  }
  return [...found, ...found.flatMap((error) => nestedErrors(error, depth + 1))]
}

const nameOf = (error: unknown): string =>
  error instanceof Error ? error.name : `a thrown ${typeof error}`

/**
 * What is wrong with one invocation's outcome: a timeout, or an error (or one it carries) that
 * is not in `typedErrors`. Empty when the invocation answered or failed as declared.
 */
export const untypedOutcome = (
  invocation: InvocationResult<unknown>,
  typedErrors: readonly string[],
): string[] => {
  if (invocation.status === 'success') return []
  if (invocation.status === 'timeout') return [`timed out: ${invocation.error.errorMessage}`]
  const problems: string[] = []
  const { errorType, errorMessage } = invocation.error
  if (!typedErrors.includes(errorType)) {
    problems.push(`failed with ${errorType} (not declared): ${errorMessage}`)
  }
  for (const nested of nestedErrors(invocation.thrown)) {
    const name = nameOf(nested)
    if (!typedErrors.includes(name)) {
      problems.push(`carries ${name} (not declared): ${(nested as Error)?.message ?? nested}`)
    }
  }
  return problems
}

export interface MutationFuzzOptions extends MutationOptions {
  seeds: readonly EventSeed[]
  /** One invocation of the handler (usually the harness's `invoke`). */
  invoke: (event: unknown) => Promise<InvocationResult<unknown>>
  /** The `name`s of the handler's typed errors: any other error fails the property. */
  typedErrors: readonly string[]
  /** More assertions on each invocation (throw to fail), e.g. "an ALB answer is never a 500". */
  check?: (invocation: InvocationResult<unknown>, mutated: MutatedEvent) => void
  /** Default 100. */
  numRuns?: number
  /** Default: `FUZZ_SEED` from the environment, else a fresh one (printed on failure). */
  seed?: number
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error)

/** The seed CI runs with: a CI result must not depend on the draw (`FUZZ_SEED` still wins). */
export const CI_FUZZ_SEED = 20_261_130

/**
 * The seed to run with: fixed by the caller, by `FUZZ_SEED`, by CI (`CI_FUZZ_SEED`), or new each
 * local run, so developers keep exploring while a CI run is the same run every time.
 */
export const fuzzSeed = (seed?: number): number => {
  if (seed !== undefined) return seed
  const fromEnvironment = Number.parseInt(process.env.FUZZ_SEED ?? '', 10)
  if (Number.isSafeInteger(fromEnvironment)) return fromEnvironment
  if (process.env.CI) return CI_FUZZ_SEED
  return Math.floor(Math.random() * 2 ** 31) // fast-check seeds are 32-bit integers
}

/**
 * Runs the mutation property. On failure it throws with the seed, the seed event's name, the
 * mutations and what went wrong; `FUZZ_SEED=<seed>` replays the same events.
 */
export const assertMutationsHandled = async (options: MutationFuzzOptions): Promise<void> => {
  const seed = fuzzSeed(options.seed)
  const property = fc.asyncProperty(mutatedEvents(options.seeds, options), async (mutated) => {
    const invocation = await options.invoke(mutated.event)
    const problems = untypedOutcome(invocation, options.typedErrors)
    if (problems.length > 0) {
      throw new Error(
        `${mutated.seed} with ${JSON.stringify(mutated.mutations).slice(0, 600)}: ${problems.join('; ')}`,
      )
    }
    options.check?.(invocation, mutated)
  })
  const details = await fc.check(property, { seed, numRuns: options.numRuns ?? 100 })
  if (details.failed) {
    throw new Error(
      `Mutation fuzz failed with seed ${seed} (rerun with FUZZ_SEED=${seed}):\n${fc.defaultReportMessage(details)}\n${describeError(details.errorInstance)}`,
      { cause: details.errorInstance },
    )
  }
}
