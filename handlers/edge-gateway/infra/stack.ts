import { fileURLToPath } from 'node:url'
import { contextString, EdgeHandlerStack } from '@repo/deploy'
import type { App } from 'aws-cdk-lib'
import baked from '../edge-config.json' with { type: 'json' }
import { declaration } from '../src/trigger.ts'

/** The bundle `npm run build` writes: the artifact the tests ran is the one deployed. */
export const bundleDir = fileURLToPath(new URL('../dist', import.meta.url))

/**
 * Where the ALB answers: `CDK_CONTEXT_JSON='{"albDnsName":"<alb-http's load balancer DNS name>"}'`
 * when synthesizing (`node infra/app.ts` reads context from there; deploy uses cdk.out). Without
 * it the template names a domain that cannot resolve (.invalid), so a forgotten value fails
 * loudly at CloudFront instead of sending traffic somewhere else.
 */
export const albDomainNameOf = (app: App): string =>
  contextString(app, 'albDnsName') ?? 'alb-http.invalid'

/** The static bucket's name is the one baked into the function (staticOrigin.domainName). */
export const staticBucketName = baked.staticOrigin.domainName.split('.s3.')[0] as string

/** The function in us-east-1 and the distribution with its four associations. */
export const createStack = (app: App): EdgeHandlerStack =>
  new EdgeHandlerStack(app, {
    declaration,
    bundleDir,
    albDomainName: albDomainNameOf(app),
    staticBucketName,
  })
