import { ACCOUNT_ID, REGION } from '../emulators/emulators.ts'
import { planResources } from '../emulators/resources.ts'
import type { LocalRuntime } from '../function/runtime.ts'
import type { RuleRouter } from '../triggers/schedules/rule-router.ts'
import { sqsMappingStatus } from '../triggers/sqs/status.ts'

/** `GET /_local/status`: what runs, how it is wired, what it has done so far. */
export const statusDocument = (
  runtime: LocalRuntime,
  rules: RuleRouter,
  options: { timeScale: number; listener: string },
) => ({
  endpoints: {
    alb: options.listener,
    ...runtime.emulators.endpoints,
    status: `${options.listener}/_local/status`,
  },
  timeScale: options.timeScale,
  handlers: runtime.handlers.map((handler) => ({
    name: handler.name,
    invocationMode: handler.declaration.invocationMode,
    triggers: handler.declaration.triggers,
    asyncPolicy: handler.declaration.asyncPolicy ?? null,
    ...runtime.stats.get(handler.name),
  })),
  rules: rules.rules.map(({ handler, id, name, schedule, eventPattern }) => ({
    handler,
    id,
    name,
    ...(schedule && { schedule }),
    ...(eventPattern && { eventPattern }),
    fire: `POST ${options.listener}/_local/fire/${handler}/${id}`,
  })),
  resources: planResources(runtime.handlers).map((resource) => ({
    ...resource,
    ...(resource.kind === 'queue' && { url: runtime.emulators.queueUrl(resource.name) }),
    ...(resource.kind === 'topic' && { arn: runtime.emulators.topicArn(resource.name) }),
    ...(resource.kind === 'bucket' && { arn: `arn:aws:s3:::${resource.name}` }),
    ...(resource.kind === 'table' && {
      arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/${resource.name}`,
    }),
  })),
  sqsMappings: sqsMappingStatus(runtime),
  destinations: runtime.destinations(),
  asyncInFlight: runtime.inFlight.size,
})
