/** SQS refused some alerts after a retry; thrown so Lambda retries the batch. */
export class AlertDeliveryError extends Error {
  override name = 'AlertDeliveryError'
}
