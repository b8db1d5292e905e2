import type { z } from 'zod'
import { TriggerValidationError, type ValidationIssue } from '../errors.ts'
import type { JsonScalar } from '../filters/json.ts'
import {
  type HandlerDeclaration,
  type HandlerDeclarationInput,
  handlerDeclarationSchema,
} from './handler-declaration.ts'
import { type Trigger, type TriggerInput, triggerSchema } from './trigger.ts'

/**
 * Read-only all the way down. Index-signature maps (JSON filters, environment) stop the
 * recursion: their JSON value types are read-only already, and recursing through the
 * self-referencing JSON type would never end.
 */
export type DeepReadonly<T> = T extends JsonScalar
  ? T
  : T extends readonly (infer Item)[]
    ? readonly DeepReadonly<Item>[]
    : T extends object
      ? string extends keyof T
        ? Readonly<T>
        : { readonly [Key in keyof T]: DeepReadonly<T[Key]> }
      : T

const deepFreeze = <T>(value: T): DeepReadonly<T> => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value as DeepReadonly<T>
}

const toIssues = (error: z.ZodError): ValidationIssue[] =>
  error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    message: issue.message,
  }))

const validate = <Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  context: string,
  pathPrefix: ReadonlyArray<string | number> = [],
): z.output<Schema> => {
  const result = schema.safeParse(input)
  if (!result.success) {
    const issues = toIssues(result.error).map((issue) => ({
      ...issue,
      path: [...pathPrefix, ...issue.path],
    }))
    throw new TriggerValidationError(issues, context)
  }
  // The caller's objects stay theirs: freeze a copy (z.custom fields pass through by reference).
  return structuredClone(result.data)
}

/**
 * Validates a handler declaration against the rules AWS enforces at deploy time, applies
 * AWS's defaults (async retries 2, maximum event age 21600 s, ...) and returns it frozen.
 * Throws TriggerValidationError listing every bad field.
 */
export const defineHandler = (declaration: HandlerDeclarationInput): FrozenHandlerDeclaration => {
  const context = `Invalid handler declaration${typeof declaration.name === 'string' ? ` "${declaration.name}"` : ''}`
  return deepFreeze(validate(handlerDeclarationSchema, declaration, context))
}

/** Validates one trigger on its own (paths start at `trigger`) and returns it frozen. */
export const defineTrigger = <const Input extends TriggerInput>(
  trigger: Input,
): DeepReadonly<Extract<Trigger, { type: Input['type'] }>> =>
  deepFreeze(
    validate(triggerSchema, trigger, 'Invalid trigger declaration', ['trigger']) as Extract<
      Trigger,
      { type: Input['type'] }
    >,
  )

export type FrozenHandlerDeclaration = DeepReadonly<HandlerDeclaration>
