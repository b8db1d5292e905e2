import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineHandler } from '@repo/triggers'
import { App, Stack } from 'aws-cdk-lib'
import { Queue } from 'aws-cdk-lib/aws-sqs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  actionProblem,
  createHandlerApp,
  DeployConfigError,
  HandlerStack,
  MissingBundleError,
  stackEnvironment,
  stackNameFor,
} from '../src/index.ts'
import { fakeBundleDir } from './support/fake-bundle.ts'

const declaration = defineHandler({
  name: 'tiny-check',
  triggers: [{ type: 'sns', topic: { ref: 'InTopic' } }],
  resources: [{ kind: 'bucket', ref: 'Files', access: 'read', environmentVariable: 'FILES' }],
})

describe('permissions', () => {
  it('refuses actions outside the declared access or the resource kind', () => {
    expect(actionProblem('bucket', 'read', 's3:GetObject')).toBeUndefined()
    expect(actionProblem('bucket', 'read', 's3:PutObject')).toMatch(
      /writes, but the bucket is declared read/,
    )
    expect(actionProblem('queue', 'write', 'sqs:ReceiveMessage')).toMatch(/reads/)
    expect(actionProblem('table', 'read-write', 's3:GetObject')).toMatch(
      /not an action for a table/,
    )
  })

  it('fails the stack, naming every problem, before anything is synthesized', () => {
    const build = () =>
      new HandlerStack(new App(), {
        declaration,
        bundleDir: fakeBundleDir(),
        permissions: { Files: ['s3:PutObject'], Nope: ['sqs:SendMessage'] },
      })
    expect(build).toThrow(DeployConfigError)
    expect(build).toThrow(
      /permissions\.Nope: no resource[\s\S]*permissions\.Files: "s3:PutObject" writes/,
    )
  })

  it('refuses an environment variable set twice', () => {
    expect(
      () =>
        new HandlerStack(new App(), {
          declaration,
          bundleDir: fakeBundleDir(),
          environment: { FILES: 'other' },
        }),
    ).toThrow(/FILES is set by resource Files and by the stack/)
  })
})

describe('the bundle', () => {
  it('must be built first, and the error says how', () => {
    const empty = mkdtempSync(join(tmpdir(), 'deploy-empty-'))
    expect(() => new HandlerStack(new App(), { declaration, bundleDir: empty })).toThrow(
      MissingBundleError,
    )
    expect(() => new HandlerStack(new App(), { declaration, bundleDir: empty })).toThrow(
      /npm run build -w @repo\/tiny-check/,
    )
  })
})

describe('stack naming and environment', () => {
  it('names the stack after the handler and targets a region without fixing an account', () => {
    expect(stackNameFor('s3-objects')).toBe('LambdaTriggers-S3Objects')
    expect(stackEnvironment({})).toEqual({ region: 'us-east-1' })
    expect(stackEnvironment({ CDK_DEFAULT_REGION: 'eu-west-1', AWS_REGION: 'x' })).toEqual({
      region: 'eu-west-1',
    })
  })
})

describe('createHandlerApp', () => {
  const outdir = process.env.CDK_OUTDIR
  afterEach(() => {
    if (outdir === undefined) delete process.env.CDK_OUTDIR
    else process.env.CDK_OUTDIR = outdir
  })

  it('fails synth on an unacknowledged cdk-nag finding', () => {
    process.env.CDK_OUTDIR = mkdtempSync(join(tmpdir(), 'deploy-out-'))
    const app = createHandlerApp()
    // Unencrypted, no SSL policy, no DLQ: several AwsSolutions and Serverless findings.
    new Queue(new Stack(app, 'Bad'), 'Plain')
    expect(() => app.synth()).toThrow(/[Vv]alidation/)
  })
})
