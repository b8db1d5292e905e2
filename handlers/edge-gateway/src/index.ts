import { withRequestId } from '@repo/runtime'
import { loadConfig } from './config.ts'
import { createHandler } from './handler.ts'

// Cold start: the configuration baked into this bundle is checked once. No store: Lambda@Edge
// functions are pure transforms of the request (see README, "Idempotency").
export const handler = withRequestId(createHandler({ config: loadConfig() }))
