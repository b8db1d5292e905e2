import type { CloudFrontEventType } from '../declaration/cloudfront-trigger.ts'
import { EDGE_ARCHITECTURES, strictestEdgeQuota } from './edge-quotas.ts'

export interface EdgeIssue {
  readonly path: readonly (string | number)[]
  readonly message: string
}

/** What the edge rules read from a parsed declaration (kept structural: no cycle with its schema). */
interface EdgeDeclarationView {
  readonly triggers: readonly { readonly type: string; readonly eventType?: CloudFrontEventType }[]
  readonly resources: readonly { readonly environmentVariable?: string | undefined }[]
  readonly function: {
    readonly memorySize: number
    readonly timeout: number
    readonly architecture: string
    readonly environment: Readonly<Record<string, string>>
  }
}

/**
 * The Lambda@Edge rules a declaration with a `cloudfront` trigger must meet on top of Lambda's:
 * quotas per event type ("Quotas on Lambda@Edge") and unsupported Lambda features
 * ("Restrictions on Lambda@Edge": no environment variables, x86_64 only). A function associated
 * with several event types must fit the strictest. Empty when the declaration has no edge trigger.
 */
export const edgeDeclarationIssues = (declaration: EdgeDeclarationView): EdgeIssue[] => {
  const edgeTriggers = declaration.triggers.flatMap((trigger, index) =>
    trigger.type === 'cloudfront' && trigger.eventType !== undefined
      ? [{ index, eventType: trigger.eventType }]
      : [],
  )
  if (edgeTriggers.length === 0) return []
  const issues: EdgeIssue[] = []
  declaration.triggers.forEach((trigger, index) => {
    if (trigger.type !== 'cloudfront') {
      issues.push({
        path: ['triggers', index],
        message: `a Lambda@Edge function is invoked by CloudFront only; a ${trigger.type} trigger needs a regional function: split it into another handler`,
      })
    }
  })
  const seen = new Set<CloudFrontEventType>()
  for (const { index, eventType } of edgeTriggers) {
    if (seen.has(eventType)) {
      issues.push({
        path: ['triggers', index, 'eventType'],
        message: `${eventType} is declared twice: a cache behavior has one function association per event type (CloudFront rule)`,
      })
    }
    seen.add(eventType)
  }

  const eventTypes = [...seen]
  const quota = strictestEdgeQuota(eventTypes)
  const strictest = eventTypes.filter((eventType) => eventType.startsWith('viewer-'))
  const limitedBy = (strictest.length > 0 ? strictest : eventTypes).join(', ')
  const settings = declaration.function
  if (settings.timeout > quota.maxTimeoutSeconds) {
    issues.push({
      path: ['function', 'timeout'],
      message: `timeout is at most ${quota.maxTimeoutSeconds} seconds for a Lambda@Edge function on ${limitedBy} (CloudFront quota); it is ${settings.timeout}`,
    })
  }
  if (settings.memorySize > quota.maxMemoryMb) {
    issues.push({
      path: ['function', 'memorySize'],
      message: `memorySize is at most ${quota.maxMemoryMb} MB for a Lambda@Edge function on ${limitedBy} (CloudFront quota); it is ${settings.memorySize}`,
    })
  }
  if (!(EDGE_ARCHITECTURES as readonly string[]).includes(settings.architecture)) {
    issues.push({
      path: ['function', 'architecture'],
      message: `Lambda@Edge runs ${EDGE_ARCHITECTURES.join(', ')} functions only (CloudFront restriction); set architecture: 'x86_64'`,
    })
  }
  for (const name of Object.keys(settings.environment)) {
    issues.push({
      path: ['function', 'environment', name],
      message: `Lambda@Edge functions have no environment variables (CloudFront restriction): bake ${name} into the bundle at build time`,
    })
  }
  declaration.resources.forEach((resource, index) => {
    if (resource.environmentVariable === undefined) return
    issues.push({
      path: ['resources', index, 'environmentVariable'],
      message: `Lambda@Edge functions have no environment variables (CloudFront restriction): bake the resource's name into the bundle at build time instead of ${resource.environmentVariable}`,
    })
  })
  return issues
}
