import {
  type Message,
  ReceiveMessageCommand,
  type SendMessageBatchCommandInput,
  type SendMessageBatchCommandOutput,
  type SQSClient,
} from '@aws-sdk/client-sqs'

/** Every SendMessageBatch request the client makes: its queue and entry ids. */
export const recordBatches = (
  sqs: SQSClient,
): { queueUrl: string; ids: string[]; bodies: string[] }[] => {
  const batches: { queueUrl: string; ids: string[]; bodies: string[] }[] = []
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SendMessageBatchCommand') {
        const input = args.input as SendMessageBatchCommandInput
        batches.push({
          queueUrl: input.QueueUrl ?? '',
          ids: (input.Entries ?? []).map((entry) => entry.Id ?? ''),
          bodies: (input.Entries ?? []).map((entry) => entry.MessageBody ?? ''),
        })
      }
      return next(args)
    },
    { step: 'initialize', name: 'recordBatches' },
  )
  return batches
}

/**
 * Makes SQS fail the entries whose body is in `bodies`, once each, as a throttled or
 * briefly unavailable queue does (`SenderFault: false`). They are left out of the real
 * request, so they are not stored until the handler sends them again.
 */
export const failEntriesOnce = (sqs: SQSClient, bodies: readonly string[]): void => {
  const pending = new Set(bodies)
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'SendMessageBatchCommand') return next(args)
      const input = args.input as SendMessageBatchCommandInput
      const entries = input.Entries ?? []
      const failing = entries.filter((entry) => pending.has(entry.MessageBody ?? ''))
      if (failing.length === 0) return next(args)
      for (const entry of failing) pending.delete(entry.MessageBody ?? '')
      const rest = entries.filter((entry) => !failing.includes(entry))
      const output: SendMessageBatchCommandOutput =
        rest.length > 0
          ? ((await next({ ...args, input: { ...input, Entries: rest } }))
              .output as SendMessageBatchCommandOutput)
          : { Successful: [], Failed: [], $metadata: {} }
      output.Failed = [
        ...(output.Failed ?? []),
        ...failing.map((entry) => ({
          Id: entry.Id ?? '',
          SenderFault: false,
          Code: 'ServiceUnavailable',
          Message: 'injected by failEntriesOnce',
        })),
      ]
      return { output, response: {} }
    },
    { step: 'initialize', name: 'failEntriesOnce' },
  )
}

/** Every message on the queue with its attributes as SQS stores them (types, bytes). */
export const receiveAll = async (sqs: SQSClient, queueUrl: string): Promise<Message[]> => {
  const received: Message[] = []
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    )
    if (Messages.length === 0) return received
    received.push(...Messages)
  }
}
