import { FixtureError } from '@repo/shared'
import { type CliOptions, TRIGGERS } from '@repo/shared/event-catalogue'
import { RequestError } from '../../http/errors.ts'
import { isRecord } from './is-record.ts'

/** `--user-parameters <text>` → { name: 'userParameters', takesValue: true }, as commander names it. */
const optionName = (flags: string) => {
  const long = /--([a-z0-9-]+)/.exec(flags)?.[1] ?? ''
  return {
    name: long.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase()),
    takesValue: flags.includes('<'),
  }
}

/** The `event` CLI's catalogue (same triggers, variants and options), for the Invoke view. */
export const eventCatalogue = () =>
  Object.entries(TRIGGERS).map(([trigger, spec]) => ({
    trigger,
    description: spec.description,
    variants: spec.variants,
    options: spec.options.map((option) => ({
      ...optionName(option.flags),
      flags: option.flags,
      description: option.description,
      ...(option.choices && { choices: option.choices }),
      repeatable: option.repeatable === true,
    })),
  }))

/**
 * Builds one event as `npm run -s event -- <trigger> <variant> --option value` would: the body
 * is `{ variant, options }`; unknown triggers, variants, options and choices are 400s.
 */
export const buildCatalogueEvent = (trigger: string, body: unknown): unknown => {
  const spec = Object.hasOwn(TRIGGERS, trigger) ? TRIGGERS[trigger] : undefined
  if (!spec)
    throw new RequestError(
      404,
      `No trigger "${trigger}"; there are: ${Object.keys(TRIGGERS).join(', ')}.`,
    )
  if (!isRecord(body))
    throw new RequestError(400, 'The body is { "variant": ..., "options": {...} }.')
  const variant = body.variant ?? spec.variants[0]
  if (typeof variant !== 'string' || !spec.variants.includes(variant))
    throw new RequestError(400, `${trigger} variants: ${spec.variants.join(', ')}.`)
  const given = body.options ?? {}
  if (!isRecord(given)) throw new RequestError(400, '"options" is an object of option values.')
  const known = new Map(spec.options.map((option) => [optionName(option.flags).name, option]))
  // Null prototype: an option called __proto__ is refused below, never a prototype write.
  const options: CliOptions = Object.create(null) as CliOptions
  for (const [name, value] of Object.entries(given)) {
    const option = known.get(name)
    if (!option) throw new RequestError(400, `${trigger} has no option "${name}".`)
    const { takesValue } = optionName(option.flags)
    const valid = !takesValue
      ? typeof value === 'boolean'
      : option.repeatable
        ? Array.isArray(value) && value.every((one) => typeof one === 'string')
        : typeof value === 'string'
    if (!valid)
      throw new RequestError(
        400,
        `Option "${name}" takes ${!takesValue ? 'true or false' : option.repeatable ? 'a list of strings' : 'a string'}.`,
      )
    if (option.choices && typeof value === 'string' && !option.choices.includes(value))
      throw new RequestError(400, `Option "${name}" is one of: ${option.choices.join(', ')}.`)
    options[name] = value as string | string[] | boolean
  }
  try {
    return spec.build(variant, options)
  } catch (error) {
    if (error instanceof FixtureError) throw new RequestError(400, error.message)
    throw error
  }
}
