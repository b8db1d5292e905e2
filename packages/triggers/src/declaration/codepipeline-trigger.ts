import { z } from 'zod'
import type { JsonValue } from '../filters/json.ts'
import type { DeepReadonly } from './define.ts'

// CodePipeline names: 1-100 characters of letters, digits and . @ - _
const pipelineName = (label: string) =>
  z.string().regex(/^[A-Za-z0-9.@_-]{1,100}$/, {
    error: `${label} is 1-100 characters of letters, digits, ".", "@", "-" and "_" (CodePipeline rule)`,
  })

const maxUserParameters = 1000

/** UserParameters reach the handler as one string; an object is sent as its JSON. */
const userParametersSchema = z
  .union(
    [
      z.string(),
      z.record(
        z.string(),
        z.custom<JsonValue>(() => true),
      ),
    ],
    {
      error: 'userParameters is a string or a JSON object',
    },
  )
  .superRefine((value, context) => {
    const length = typeof value === 'string' ? value.length : JSON.stringify(value).length
    if (length > maxUserParameters) {
      context.addIssue({
        code: 'custom',
        message: `UserParameters is at most ${maxUserParameters} characters once serialized; this is ${length}`,
      })
    }
  })

/** A Lambda invoke action in a pipeline stage (category Invoke, provider Lambda). */
export const codePipelineTriggerSchema = z.strictObject({
  type: z.literal('codepipeline'),
  pipelineName: pipelineName('pipelineName'),
  stageName: pipelineName('stageName'),
  actionName: pipelineName('actionName'),
  category: z
    .literal('Invoke', { error: 'a Lambda action has category "Invoke"' })
    .default('Invoke'),
  provider: z
    .literal('Lambda', { error: 'a Lambda action has provider "Lambda"' })
    .default('Lambda'),
  runOrder: z
    .number()
    .int()
    .min(1, { error: 'runOrder is 1-999' })
    .max(999, { error: 'runOrder is 1-999' })
    .default(1),
  userParameters: userParametersSchema.optional(),
})

export type CodePipelineTriggerInput = z.input<typeof codePipelineTriggerSchema>
export type CodePipelineTrigger = z.output<typeof codePipelineTriggerSchema>

/** The `UserParameters` string the handler receives in `actionConfiguration.configuration`. */
export const serializeUserParameters = (
  trigger: DeepReadonly<Pick<CodePipelineTrigger, 'userParameters'>>,
): string | undefined =>
  trigger.userParameters === undefined || typeof trigger.userParameters === 'string'
    ? trigger.userParameters
    : JSON.stringify(trigger.userParameters)
