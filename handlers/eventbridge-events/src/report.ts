import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import type { ScheduleTick } from './events.ts'
import type { HousekeepingResult } from './housekeeping.ts'

export interface HousekeepingReport extends HousekeepingResult {
  rule: string
  scheduledTime: string
  /** Where the report was written. */
  reportKey: string
}

/** `reports/2024-01-01.json`: the UTC date of the scheduled tick, so a retry overwrites, never adds. */
export const reportKeyFor = (reportsPrefix: string, tick: ScheduleTick): string =>
  `${reportsPrefix}${new Date(tick.time).toISOString().slice(0, 10)}.json`

export const writeReport = async (
  s3: S3Client,
  bucket: string,
  reportsPrefix: string,
  tick: ScheduleTick,
  result: HousekeepingResult,
): Promise<HousekeepingReport> => {
  const report: HousekeepingReport = {
    rule: tick.rule,
    scheduledTime: tick.time,
    reportKey: reportKeyFor(reportsPrefix, tick),
    ...result,
  }
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: report.reportKey,
      Body: `${JSON.stringify(report, null, 2)}\n`,
      ContentType: 'application/json',
    }),
  )
  return report
}
