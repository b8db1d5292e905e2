import type { LocalRuntime } from '../../function/runtime.ts'
import { wiredSqsMappings } from './wire.ts'

/** Messages fauxqs holds in a queue, by state (SQS's own notion of "in flight"). */
const depth = (runtime: LocalRuntime, queue: string) => {
  const inspected = runtime.emulators.fauxqs.inspectQueue(queue)
  return {
    visible: inspected?.messages.ready.length ?? 0,
    inFlight: inspected?.messages.inflight.length ?? 0,
    delayed: inspected?.messages.delayed.length ?? 0,
  }
}

/** `/_local/status` → `sqsMappings`: each mapping's settings, queue, in-flight messages and DLQ depth. */
export const sqsMappingStatus = (runtime: LocalRuntime) =>
  wiredSqsMappings(runtime).map((mapping) => {
    const handler = runtime.handler(mapping.handler)
    const trigger = handler?.declaration.triggers.find((each) => each.type === 'sqs')
    const dlq = depth(runtime, mapping.deadLetters)
    return {
      handler: mapping.handler,
      queue: {
        name: mapping.queue,
        url: runtime.emulators.queueUrl(mapping.queue),
        ...depth(runtime, mapping.queue),
      },
      deadLetterQueue: {
        name: mapping.deadLetters,
        url: runtime.emulators.queueUrl(mapping.deadLetters),
        depth: dlq.visible + dlq.inFlight + dlq.delayed,
      },
      trigger: trigger ?? null,
      pollers: mapping.pollers,
      ...mapping.counters,
    }
  })
