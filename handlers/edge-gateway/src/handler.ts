import { createPublicKey } from 'node:crypto'
import middy from '@middy/core'
import {
  assertCloudFrontEvent,
  type CloudFrontEvent,
  createLogger,
  type Logger,
} from '@repo/runtime'
import type {
  CloudFrontRequest,
  CloudFrontResponse,
  CloudFrontResultResponse,
  Context,
} from 'aws-lambda'
import type { Config } from './config.ts'
import { EdgeConfigError } from './errors.ts'
import { onOriginRequest } from './origin-request.ts'
import { onOriginResponse } from './origin-response.ts'
import { onViewerRequest } from './viewer-request.ts'
import { onViewerResponse } from './viewer-response.ts'

export interface HandlerDependencies {
  config: Config
  /** Default: the shared JSON logger at `AWS_LAMBDA_LOG_LEVEL`. */
  logger?: Logger
  /** Clock for token expiry, ms since the epoch (tests pass a fixed one). */
  now?: () => number
}

/** What a Lambda@Edge function returns: the request to forward, or a response. */
export type EdgeResult = CloudFrontRequest | CloudFrontResponse | CloudFrontResultResponse

const publicKeyOf = (config: Config) => {
  try {
    const key = createPublicKey(config.tokenPublicKey)
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`)
    return key
  } catch (error) {
    throw new EdgeConfigError(
      `tokenPublicKey in edge-config.json is not an Ed25519 public key (${(error as Error).message}); bake the SPKI PEM of the key that signs the tokens`,
    )
  }
}

/**
 * One function for the four Lambda@Edge event types; the event says which one runs. No
 * idempotency store: each step is a pure transform of the request or response it is given, so
 * running it twice gives the same answer, and a DynamoDB round trip from an edge location per
 * request would cost more than the function.
 */
export const createHandler = ({
  config,
  logger = createLogger(),
  now = Date.now,
}: HandlerDependencies) => {
  // Cold start: a bad baked key fails here, once.
  const publicKey = publicKeyOf(config)

  const handle = async (event: CloudFrontEvent): Promise<EdgeResult> => {
    const { cf } = event.Records[0] as CloudFrontEvent['Records'][number]
    switch (cf.config.eventType) {
      case 'viewer-request':
        return onViewerRequest(cf.request, { config, publicKey, logger, now })
      case 'origin-request':
        return onOriginRequest(cf.request, config)
      case 'origin-response':
        return onOriginResponse(
          cf.request,
          (cf as { response: CloudFrontResponse }).response,
          config,
        )
      case 'viewer-response':
        return onViewerResponse((cf as { response: CloudFrontResponse }).response, config)
    }
  }

  return middy<CloudFrontEvent, EdgeResult, Error, Context>(handle).use({
    before: ({ event }) => assertCloudFrontEvent(event),
  })
}
