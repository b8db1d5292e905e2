import { SendMessageCommand } from '@aws-sdk/client-sqs'
import { countMessages, deliverDuplicates, useLocalAws } from '@repo/shared/harness'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

interface OrderEvent {
  orderId: string
}

describe('deliverDuplicates', () => {
  it('shows a naive handler repeating its side effect on every delivery', async () => {
    let emails = 0
    const naive = async (_event: OrderEvent) => {
      emails++
    }

    const report = await deliverDuplicates(
      naive,
      { orderId: 'o-1' },
      { times: 3, probe: () => emails },
    )

    expect(report.sideEffects).toEqual({ sequential: 3, concurrent: 3 })
    expect(report.runs.concurrent?.invocations).toHaveLength(3)
  })

  it('catches a check-then-act handler that is only safe sequentially', async () => {
    const processed = new Set<string>()
    let emails = 0
    const checkThenAct = async (event: OrderEvent) => {
      if (processed.has(event.orderId)) return
      await new Promise((resolve) => setImmediate(resolve)) // the read-to-write gap of a real store
      processed.add(event.orderId)
      emails++
    }

    const report = await deliverDuplicates(
      checkThenAct,
      { orderId: 'o-1' },
      {
        probe: () => emails,
        eventForMode: (mode) => ({ orderId: `o-${mode}` }),
      },
    )

    expect(report.sideEffects).toEqual({ sequential: 1, concurrent: 3 })
  })

  it('confirms exactly once for a handler that claims the key atomically', async () => {
    const claimed = new Set<string>()
    let emails = 0
    const idempotent = async (event: OrderEvent) => {
      if (claimed.has(event.orderId)) return
      claimed.add(event.orderId)
      await new Promise((resolve) => setImmediate(resolve))
      emails++
    }

    const report = await deliverDuplicates(
      idempotent,
      { orderId: 'o-1' },
      {
        times: 5,
        probe: () => emails,
        beforeMode: () => claimed.clear(),
      },
    )

    expect(report.sideEffects).toEqual({ sequential: 1, concurrent: 1 })
  })
})

describe('deliverDuplicates probing a real queue', () => {
  const aws = useLocalAws({ beforeAll, afterAll }, { queues: ['emails'] })

  it('counts messages a handler sent, without consuming them', async () => {
    const handler = async (event: OrderEvent) => {
      await aws().clients.sqs.send(
        new SendMessageCommand({ QueueUrl: aws().queueUrl('emails'), MessageBody: event.orderId }),
      )
    }

    const report = await deliverDuplicates(
      handler,
      { orderId: 'o-9' },
      {
        times: 2,
        modes: ['concurrent'],
        probe: () => countMessages(aws(), 'emails'),
      },
    )

    expect(report.sideEffects).toEqual({ concurrent: 2 })
  })
})
