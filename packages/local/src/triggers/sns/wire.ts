import { triggersOfType } from '@repo/triggers'
import { localResourceName, snsDeliveryQueueName } from '../../emulators/resources.ts'
import type { LocalRuntime } from '../../function/runtime.ts'
import type { Output } from '../../output.ts'
import { startSnsPoller } from './delivery.ts'

/** A queue per subscriber, subscribed to its topic and polled by the runner: returns the stoppers. */
export const wireSnsSubscriptions = (
  runtime: LocalRuntime,
  output: Output,
): (() => Promise<void>)[] =>
  runtime.handlers.flatMap((handler) =>
    triggersOfType(handler.declaration, 'sns').map((trigger) => {
      const topic = localResourceName(handler.name, 'topic', trigger.topic)
      const queue = snsDeliveryQueueName(handler.name)
      runtime.emulators.fauxqs.subscribe({ topic, queue })
      return startSnsPoller({
        sqs: runtime.emulators.clients.sqs,
        queueUrl: runtime.emulators.queueUrl(queue),
        topicArn: runtime.emulators.topicArn(topic),
        trigger,
        deliver: (event) => void runtime.invokeAsync(handler.name, event, 'sns'),
        onError: (error) => output.line(handler.name, `SNS delivery: ${error.message}`, 'warn'),
      })
    }),
  )
