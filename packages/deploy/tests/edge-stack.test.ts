import { randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineHandler } from '@repo/triggers'
import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { DeployConfigError, EdgeHandlerStack, HandlerStack, nagFindings } from '../src/index.ts'
import { albDeclaration } from './support/declarations.ts'
import { fakeBundleDir } from './support/fake-bundle.ts'

const edgeDeclaration = defineHandler({
  name: 'edge-test',
  triggers: [
    { type: 'cloudfront', eventType: 'viewer-request' },
    { type: 'cloudfront', eventType: 'origin-request', includeBody: true },
    { type: 'cloudfront', eventType: 'origin-response' },
    { type: 'cloudfront', eventType: 'viewer-response' },
  ],
  function: { architecture: 'x86_64', memorySize: 128, timeout: 5 },
})

const props = (bundleDir = fakeBundleDir()) => ({
  declaration: edgeDeclaration,
  bundleDir,
  albDomainName: 'alb.example.com',
  staticBucketName: 'edge-test-static',
})

describe('EdgeHandlerStack', () => {
  const app = new App({ analyticsReporting: false })
  const stack = new EdgeHandlerStack(app, props())
  const template = Template.fromStack(stack)

  it('is in us-east-1 and holds the function, x86_64, without environment variables', () => {
    expect(stack.region).toBe('us-east-1')
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'edge-test',
      Architectures: ['x86_64'],
      MemorySize: 128,
      Timeout: 5,
      Environment: Match.absent(),
    })
    template.resourceCountIs('AWS::Lambda::Version', 1)
  })

  it('associates the numbered version with the four event types of the default behavior', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'))
    const associations = distribution?.Properties.DistributionConfig.DefaultCacheBehavior
      .LambdaFunctionAssociations as { EventType: string; IncludeBody?: boolean }[]
    expect(associations.map((association) => association.EventType)).toEqual([
      'viewer-request',
      'origin-request',
      'origin-response',
      'viewer-response',
    ])
    expect(associations[1]?.IncludeBody).toBe(true)
  })

  it('lets CloudFront assume the role (edgelambda) and passes cdk-nag', () => {
    const [role] = Object.values(template.findResources('AWS::IAM::Role'))
    const principals = (
      (role?.Properties.AssumeRolePolicyDocument.Statement ?? []) as {
        Principal: { Service: string }
      }[]
    ).map((statement) => statement.Principal.Service)
    expect(principals.sort()).toEqual(['edgelambda.amazonaws.com', 'lambda.amazonaws.com'])
    expect(nagFindings(stack)).toEqual([])
  })

  it('refuses another region, a regional declaration, and a package over the viewer limit', () => {
    expect(
      () => new EdgeHandlerStack(new App(), { ...props(), env: { region: 'eu-west-1' } }),
    ).toThrow(/us-east-1/)
    expect(
      () => new EdgeHandlerStack(new App(), { ...props(), declaration: albDeclaration }),
    ).toThrow(/cloudfront triggers only/)
    const big = mkdtempSync(join(tmpdir(), 'edge-big-'))
    // Random bytes do not compress: 1.1 MB stays over 1 MB once zipped.
    writeFileSync(join(big, 'index.mjs'), randomBytes(1_100_000))
    expect(() => new EdgeHandlerStack(new App(), props(big))).toThrow(/1048576 bytes/)
  })

  it('is refused by HandlerStack, which would give it an environment and arm64', () => {
    expect(
      () =>
        new HandlerStack(new App(), { declaration: edgeDeclaration, bundleDir: fakeBundleDir() }),
    ).toThrow(DeployConfigError)
  })
})

describe('EdgeHandlerStack without staticBucketName', () => {
  const { staticBucketName: _omitted, ...withoutStatic } = props()
  const stack = new EdgeHandlerStack(new App({ analyticsReporting: false }), withoutStatic)
  const template = Template.fromStack(stack)

  it('creates no static bucket, origin identity or /_static/* behavior: only the log bucket', () => {
    expect(stack.staticBucket).toBeUndefined()
    template.resourceCountIs('AWS::S3::Bucket', 1)
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0)
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'))
    expect(distribution?.Properties.DistributionConfig.CacheBehaviors).toBeUndefined()
    expect(distribution?.Properties.DistributionConfig.Origins).toEqual([
      expect.objectContaining({ DomainName: 'alb.example.com' }),
    ])
  })

  it('has no unacknowledged cdk-nag finding', () => {
    expect(nagFindings(stack)).toEqual([])
  })
})
