import type { AddressInfo } from 'node:net'
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import dynalite from 'dynalite'

export interface Dynamo {
  client: DynamoDBClient
  endpoint: string
  /** Requests sent by `client`, by operation name. */
  requests: Map<string, number>
  createTable(name: string, keyAttribute?: string): Promise<void>
  close(): Promise<void>
}

/** dynalite in-process on a free port, with an in-memory store; a client that counts its requests. */
export const startDynamo = async (): Promise<Dynamo> => {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const endpoint = `http://127.0.0.1:${port}`
  const client = dynamoClient(endpoint)
  const requests = countRequests(client)
  return {
    client,
    endpoint,
    requests,
    createTable: async (name, keyAttribute = 'id') => {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: keyAttribute, AttributeType: 'S' }],
          KeySchema: [{ AttributeName: keyAttribute, KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      )
      // dynalite answers ResourceNotFoundException until the table turns ACTIVE (a timer, even at
      // createTableMs: 0), so a test that writes at once could fail under load.
      for (;;) {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: name }))
        if (Table?.TableStatus === 'ACTIVE') break
        await new Promise((resolve) => setTimeout(resolve, 1))
      }
    },
    close: async () => {
      client.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export const dynamoClient = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  })

/** Counts every request the client sends, by command name (a client middleware, no mocks). */
export const countRequests = (client: DynamoDBClient): Map<string, number> => {
  const counts = new Map<string, number>()
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? 'unknown').replace(/Command$/, '')
      counts.set(name, (counts.get(name) ?? 0) + 1)
      return next(args)
    },
    { step: 'initialize', name: 'countRequests' },
  )
  return counts
}

export const total = (counts: Map<string, number>): number =>
  [...counts.values()].reduce((a, b) => a + b, 0)
