import { z } from 'zod'

/** The four points of a CloudFront request where Lambda@Edge runs, in the order they run. */
export const cloudFrontEventTypes = [
  'viewer-request',
  'origin-request',
  'origin-response',
  'viewer-response',
] as const

export type CloudFrontEventType = (typeof cloudFrontEventTypes)[number]

/** Viewer events run on every request, cache hit or not; origin events only on a miss. */
export const isViewerEvent = (eventType: CloudFrontEventType): boolean =>
  eventType.startsWith('viewer-')

/**
 * A Lambda@Edge association: CloudFront calls the function's numbered version at `eventType` for
 * every request of the distribution's default behavior and waits for its answer (synchronous).
 * `includeBody` exposes the request body, which CloudFront allows on request events only.
 */
export const cloudFrontTriggerSchema = z
  .strictObject({
    type: z.literal('cloudfront'),
    eventType: z.enum(cloudFrontEventTypes, {
      error: `eventType is one of ${cloudFrontEventTypes.join(', ')}`,
    }),
    includeBody: z.boolean().default(false),
  })
  .superRefine((trigger, context) => {
    if (trigger.includeBody && trigger.eventType.endsWith('-response')) {
      context.addIssue({
        code: 'custom',
        path: ['includeBody'],
        message: `includeBody applies to viewer-request and origin-request only (CloudFront rule); a ${trigger.eventType} function never sees the request body`,
      })
    }
  })

export type CloudFrontTriggerInput = z.input<typeof cloudFrontTriggerSchema>
export type CloudFrontTrigger = z.output<typeof cloudFrontTriggerSchema>
