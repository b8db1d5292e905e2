import { loadCorpusEvent } from '@repo/shared'
import type { CloudFrontRequestEvent, CloudFrontResponseEvent } from 'aws-lambda'

/** The CloudFront Developer Guide's sample of each event type, from the corpus, fresh each call. */
export const corpusSample = {
  viewerRequest: () =>
    loadCorpusEvent<CloudFrontRequestEvent>(
      'awsdocs-cloudfront-dg__cloudfront__example-viewer-request',
    ),
  originRequest: () =>
    loadCorpusEvent<CloudFrontRequestEvent>(
      'awsdocs-cloudfront-dg__cloudfront__example-origin-request',
    ),
  originResponse: () =>
    loadCorpusEvent<CloudFrontResponseEvent>(
      'awsdocs-cloudfront-dg__cloudfront__lambda-event-structure-response-origin',
    ),
  viewerResponse: () =>
    loadCorpusEvent<CloudFrontResponseEvent>(
      'awsdocs-cloudfront-dg__cloudfront__lambda-event-structure-response-viewer',
    ),
}

export const requestOf = (event: CloudFrontRequestEvent | CloudFrontResponseEvent) =>
  (event.Records[0] as CloudFrontRequestEvent['Records'][number]).cf.request
