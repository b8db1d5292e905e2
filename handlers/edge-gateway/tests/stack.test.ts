import { nagFindings } from '@repo/deploy'
import { triggersOfType } from '@repo/triggers'
import { App } from 'aws-cdk-lib'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { createStack, staticBucketName } from '../infra/stack.ts'
import { declaration } from '../src/trigger.ts'

// Synthesized once: synthesis is the slow part.
const app = new App({ analyticsReporting: false, context: { albDnsName: 'alb.example.com' } })
const stack = createStack(app)
const template = Template.fromStack(stack)

describe('the edge-gateway stack', () => {
  it('is in us-east-1, where Lambda@Edge functions are created', () => {
    expect(stack.region).toBe('us-east-1')
  })

  it('runs the built function as declared: x86_64, 128 MB, 5 s, no environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'edge-gateway',
      Runtime: 'nodejs22.x',
      Architectures: ['x86_64'],
      MemorySize: declaration.function.memorySize,
      Timeout: declaration.function.timeout,
      Environment: Match.absent(),
    })
  })

  it('associates the function version with all four event types, in front of the ALB', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'))
    const config = distribution?.Properties.DistributionConfig
    const associations = config.DefaultCacheBehavior.LambdaFunctionAssociations as {
      EventType: string
      LambdaFunctionARN: unknown
    }[]
    expect(associations.map((association) => association.EventType)).toEqual(
      triggersOfType(declaration, 'cloudfront').map((trigger) => trigger.eventType),
    )
    expect(JSON.stringify(associations[0]?.LambdaFunctionARN)).toContain('CurrentVersion')
    expect(config.Origins).toEqual(
      expect.arrayContaining([expect.objectContaining({ DomainName: 'alb.example.com' })]),
    )
  })

  it('creates the static bucket under the name baked into the function', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: staticBucketName })
    expect(staticBucketName).toBe('lambda-triggers-static')
  })

  it('has no unacknowledged cdk-nag finding', () => {
    expect(nagFindings(stack)).toEqual([])
  })
})
