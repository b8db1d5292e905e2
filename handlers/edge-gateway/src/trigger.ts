import { defineHandler } from '@repo/triggers'

/**
 * Lambda@Edge on the four events of the distribution in front of alb-http. One function (one
 * bundle, one numbered version) for all four, so it must fit the strictest limits, the viewer
 * events': 128 MB, 5 s, 1 MB zipped, x86_64. No environment: configuration is baked in.
 */
export const declaration = defineHandler({
  name: 'edge-gateway',
  description: 'Lambda@Edge in front of alb-http: normalise, authenticate, route, cache, secure',
  triggers: [
    { type: 'cloudfront', eventType: 'viewer-request' },
    { type: 'cloudfront', eventType: 'origin-request' },
    { type: 'cloudfront', eventType: 'origin-response' },
    { type: 'cloudfront', eventType: 'viewer-response' },
  ],
  function: { architecture: 'x86_64', memorySize: 128, timeout: 5 },
})
