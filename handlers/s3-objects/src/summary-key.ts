import { SummaryKeyTooLongError } from './errors.ts'

const MAX_S3_KEY_BYTES = 1024

/** `processed/incoming/a.csv.summary.json`: outside the trigger's prefix and suffix, so no loop. */
export const summaryKeyFor = (summaryPrefix: string, objectKey: string): string => {
  const summaryKey = `${summaryPrefix}${objectKey}.summary.json`
  const bytes = Buffer.byteLength(summaryKey)
  if (bytes > MAX_S3_KEY_BYTES) throw new SummaryKeyTooLongError(summaryKey, bytes)
  return summaryKey
}
