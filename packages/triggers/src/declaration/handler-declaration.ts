import { z } from 'zod'
import { edgeDeclarationIssues } from '../edge/edge-declaration-issues.ts'
import { asyncPolicySchema } from './async-policy.ts'
import { functionSettingsSchema } from './function-settings.ts'
import { resourceAccessSchema } from './resource-access.ts'
import { resourceRefIssues } from './resource-ref.ts'
import { sharedResourceName } from './shared-resource-name.ts'
import { visibilityTimeoutIssue } from './sqs-trigger.ts'
import { invocationModeOf, triggerSchema } from './trigger.ts'

const describeMode = {
  sync: 'synchronously',
  async: 'asynchronously',
  poll: 'through an event source mapping',
} as const

/**
 * Everything the deploy stack and the local runner need to know about one handler: what
 * invokes it, how, what happens when it fails, and what it may touch.
 */
export const handlerDeclarationSchema = z
  .strictObject({
    /** The handler's name, used for the function and its log group. */
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, {
      error: 'name is 1-64 characters of letters, digits, "-" and "_" (Lambda function name rule)',
    }),
    description: z.string().max(256, { error: 'description is at most 256 characters' }).optional(),
    /** Everything that invokes the function: usually one; EventBridge handlers often have a schedule and a pattern. */
    triggers: z.array(triggerSchema).min(1, { error: 'declare at least one trigger' }),
    asyncPolicy: asyncPolicySchema.optional(),
    resources: z.array(resourceAccessSchema).default([]),
    function: functionSettingsSchema.default(() => functionSettingsSchema.parse({})),
  })
  .superRefine((declaration, context) => {
    const [first] = declaration.triggers
    if (first === undefined) return
    const mode = invocationModeOf(first)
    declaration.triggers.forEach((trigger, index) => {
      if (invocationModeOf(trigger) !== mode) {
        context.addIssue({
          code: 'custom',
          path: ['triggers', index],
          message: `a ${trigger.type} trigger invokes the function ${describeMode[invocationModeOf(trigger)]} but triggers[0] (${first.type}) ${describeMode[mode]}: one function, one invocation mode; split it into two handlers`,
        })
      }
    })
    if (declaration.asyncPolicy !== undefined && mode !== 'async') {
      context.addIssue({
        code: 'custom',
        path: ['asyncPolicy'],
        message:
          mode === 'poll'
            ? `an ${first.type.toUpperCase()} event source mapping invokes the function synchronously, so Lambda's async retry policy never applies: retries come from the queue (visibilityTimeoutSeconds, maxReceiveCount); remove asyncPolicy`
            : `an ${first.type.toUpperCase()} trigger invokes the function synchronously, so Lambda's async retry policy never applies: remove asyncPolicy`,
      })
    }
    // A shared physical name must still be a valid name for its service.
    declaration.resources.forEach((resource, index) => {
      if (resource.shared !== true || resource.ref === undefined) return
      const name = sharedResourceName(declaration.name, resource.ref)
      for (const issue of resourceRefIssues(resource.kind, { name })) {
        context.addIssue({
          code: 'custom',
          path: ['resources', index, 'ref'],
          message: issue.message,
        })
      }
    })
    // Lambda@Edge: quotas per event type, no environment, x86_64 only.
    for (const issue of edgeDeclarationIssues(declaration)) {
      context.addIssue({ code: 'custom', path: [...issue.path], message: issue.message })
    }
    declaration.triggers.forEach((trigger, index) => {
      if (trigger.type !== 'sqs') return
      if ('ref' in trigger.queue) {
        const name = sharedResourceName(declaration.name, trigger.queue.ref, trigger)
        for (const issue of resourceRefIssues('queue', { name })) {
          context.addIssue({
            code: 'custom',
            path: ['triggers', index, 'queue', 'ref'],
            message: issue.message,
          })
        }
      }
      const issue = visibilityTimeoutIssue(trigger, declaration.function.timeout)
      if (issue) {
        context.addIssue({
          code: 'custom',
          path: ['triggers', index, 'visibilityTimeoutSeconds'],
          message: issue,
        })
      }
    })
  })
  .transform((declaration) => {
    const invocationMode = invocationModeOf(
      declaration.triggers[0] as (typeof declaration.triggers)[number],
    )
    return {
      ...declaration,
      invocationMode,
      // Async triggers always have a policy: Lambda applies its defaults when none is set.
      asyncPolicy:
        invocationMode === 'async'
          ? asyncPolicySchema.parse(declaration.asyncPolicy ?? {})
          : undefined,
    }
  })

export type HandlerDeclarationInput = z.input<typeof handlerDeclarationSchema>
export type HandlerDeclaration = z.output<typeof handlerDeclarationSchema>
