/**
 * Serves this handler on http://localhost:3000 the way ALB would call it, against in-process
 * AWS emulators (fauxqs for SQS/S3, dynalite for DynamoDB). Development only: not bundled.
 *
 *   npm exec -w @repo/alb-http -- node serve-local.ts      (PORT=8080 to change the port)
 *
 * @repo/local will replace this with `npm start` for every handler; until then this is the
 * smallest honest way to curl the function.
 */
import { createServer } from 'node:http'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { SQSClient } from '@aws-sdk/client-sqs'
import { DynamoDBStore } from '@repo/idempotency'
import { albRequest } from '@repo/shared'
import { applyEnv, createContext, readQueue, startLocalAws } from '@repo/shared/harness'
import { triggerOfType } from '@repo/triggers'
import { loadConfig } from './src/config.ts'
import { createHandler } from './src/handler.ts'
import { declaration } from './src/trigger.ts'

const aws = await startLocalAws({
  buckets: ['files'],
  queues: ['jobs'],
  tables: [{ name: 'idempotency', partitionKey: 'id' }],
})
applyEnv({
  ...aws.env,
  JOBS_QUEUE_URL: aws.queueUrl('jobs'),
  FILES_BUCKET: 'files',
  IDEMPOTENCY_TABLE_NAME: 'idempotency',
})
await aws.clients.s3.send(
  new PutObjectCommand({
    Bucket: 'files',
    Key: 'hello.txt',
    Body: 'hello\n',
    ContentType: 'text/plain',
  }),
)
const handler = createHandler({
  config: loadConfig(process.env),
  sqs: new SQSClient({}),
  s3: new S3Client({}),
  store: new DynamoDBStore({ client: aws.clients.dynamodb, tableName: 'idempotency' }),
})
const multiValue = triggerOfType(declaration, 'alb').multiValueHeaders

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const url = new URL(req.url ?? '/', 'http://localhost')
  const headers: Record<string, string[]> = {}
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase()
    headers[name] = [...(headers[name] ?? []), req.rawHeaders[i + 1] ?? '']
  }
  const event = albRequest({
    method: req.method,
    path: url.pathname,
    query: url.search, // raw, as ALB passes it
    headers,
    body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    multiValue,
  })
  const result = await handler(event, createContext({ functionName: 'alb-http' }))
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    res.setHeader(name, values.map(String))
  }
  for (const [name, value] of Object.entries(result.headers ?? {}))
    res.setHeader(name, String(value))
  res.writeHead(result.statusCode, result.statusDescription?.slice(4))
  res.end(Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8'))
  if (result.statusCode === 202) {
    for (const message of await readQueue(aws, 'jobs')) console.log('jobs queue ←', message.body)
  }
})

const port = Number(process.env.PORT ?? 3000)
server.listen(port, () => {
  console.log(`alb-http on http://localhost:${port}  (Ctrl-C to stop)
  curl -i localhost:${port}/health
  curl -i localhost:${port}/objects/hello.txt
  curl -i -X POST localhost:${port}/jobs -H 'content-type: application/json' \\
       -H 'idempotency-key: 1' -d '{"type":"resize","payload":{"w":100}}'`)
})
process.on('SIGINT', () => {
  server.close()
  void aws.stop().then(() => process.exit(0))
})
