export type Obj = Record<string, unknown>

export const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null

/** The first record of a `Records` batch, when the event has one. */
export const firstRecord = (event: Obj): Obj | undefined => {
  const records = event.Records
  return Array.isArray(records) && isObject(records[0]) ? records[0] : undefined
}
