import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildBaseline } from '../src/cold-start/bundles.ts'
import { timeImport } from '../src/cold-start/init-time.ts'
import { mergeSdkImports, parseSdkImports, sdkOnlySource } from '../src/sdk-imports.ts'

describe('parseSdkImports', () => {
  it('reads named SDK imports, with aliases and across lines, and leaves types out', () => {
    const source = [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'",
      'import {',
      '  GetObjectCommand,',
      '  type GetObjectCommandOutput,',
      '  S3Client as S3,',
      "} from '@aws-sdk/client-s3'",
      "import type { SQSClient } from '@aws-sdk/client-sqs'",
      "import { z } from 'zod'",
      'import { getSignedUrl } from "@aws-sdk/s3-request-presigner"',
    ].join('\n')
    expect(parseSdkImports(source)).toEqual([
      { specifier: '@aws-sdk/client-dynamodb', names: ['DynamoDBClient'] },
      { specifier: '@aws-sdk/client-s3', names: ['GetObjectCommand', 'S3Client'] },
      { specifier: '@aws-sdk/s3-request-presigner', names: ['getSignedUrl'] },
    ])
  })

  it('merges imports from several files into one sorted entry per package', () => {
    expect(
      mergeSdkImports([
        { specifier: '@aws-sdk/client-sqs', names: ['SendMessageCommand', 'SQSClient'] },
        { specifier: '@aws-sdk/client-dynamodb', names: ['DynamoDBClient'] },
        { specifier: '@aws-sdk/client-sqs', names: ['SQSClient'] },
      ]),
    ).toEqual([
      { specifier: '@aws-sdk/client-dynamodb', names: ['DynamoDBClient'] },
      { specifier: '@aws-sdk/client-sqs', names: ['SQSClient', 'SendMessageCommand'] },
    ])
  })
})

describe('sdkOnlySource', () => {
  const imports = [{ specifier: '@aws-sdk/client-sqs', names: ['SQSClient', 'SendMessageCommand'] }]

  it('keeps every binding and constructs only service clients', () => {
    const source = sdkOnlySource(imports)
    expect(source).toContain(
      "import { SQSClient as sdk0, SendMessageCommand as sdk1 } from '@aws-sdk/client-sqs'",
    )
    expect(source).toContain('export const bindings = [sdk0, sdk1]')
    expect(source).toContain('export const clients = [new sdk0({})]')
  })

  it('bundles into a module a fresh Node process can cold-start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sdk-only-test-'))
    try {
      const outfile = join(dir, 'index.mjs')
      const here = fileURLToPath(new URL('.', import.meta.url))
      await buildBaseline(sdkOnlySource(imports), here, outfile)
      // timeImport rejects unless the module initialises and exports a handler (init-time.test.ts).
      await expect(timeImport(outfile, { AWS_REGION: 'us-east-1' })).resolves.toBeTypeOf('number')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
