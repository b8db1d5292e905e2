import { EventShapeError, type EventTrigger } from './event-shape-error.ts'

export type Fields = Readonly<Record<string, unknown>>

/**
 * An own field of an object, or undefined. Never an inherited one: `event.constructor` on a plain
 * object is `Object`, which no check below would expect.
 */
export const own = (object: Fields, key: string): unknown =>
  Object.hasOwn(object, key) ? object[key] : undefined

const isFields = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Reads one event while checking it: each method returns the value with its type or throws
 * EventShapeError naming the trigger and the field's path. Fields are read as own properties.
 */
export class ShapeCheck {
  readonly trigger: EventTrigger

  constructor(trigger: EventTrigger) {
    this.trigger = trigger
  }

  fail(field: string, expected: string, actual: unknown): never {
    throw new EventShapeError(this.trigger, field, expected, actual)
  }

  object(value: unknown, field: string): Fields {
    return isFields(value) ? value : this.fail(field, 'an object', value)
  }

  array(value: unknown, field: string): readonly unknown[] {
    return Array.isArray(value) ? value : this.fail(field, 'an array', value)
  }

  text(value: unknown, field: string): string {
    return typeof value === 'string' ? value : this.fail(field, 'a string', value)
  }

  nonEmptyText(value: unknown, field: string): string {
    return typeof value === 'string' && value !== ''
      ? value
      : this.fail(field, 'a non-empty string', value)
  }

  optionalText(value: unknown, field: string): string | undefined {
    return value === undefined ? undefined : this.text(value, field)
  }

  boolean(value: unknown, field: string): boolean {
    return typeof value === 'boolean' ? value : this.fail(field, 'true or false', value)
  }

  /** An object whose every own value passes `check` (headers, attributes). */
  entries<T>(
    value: unknown,
    field: string,
    check: (entry: unknown, entryField: string) => T,
  ): Fields {
    const object = this.object(value, field)
    for (const [name, entry] of Object.entries(object))
      check(entry, `${field}[${JSON.stringify(name)}]`)
    return object
  }

  /** `undefined` or `null` (absent), else as `entries`. */
  optionalEntries<T>(
    value: unknown,
    field: string,
    check: (entry: unknown, entryField: string) => T,
  ): Fields | undefined {
    return value === undefined || value === null ? undefined : this.entries(value, field, check)
  }

  textList(value: unknown, field: string): readonly string[] {
    const list = this.array(value, field)
    for (const [index, item] of list.entries()) this.text(item, `${field}[${index}]`)
    return list as readonly string[]
  }
}
