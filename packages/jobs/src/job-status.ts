export const jobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const
export type JobStatus = (typeof jobStatuses)[number]

/**
 * Which status a job may move to from which: `queued` is only ever the first write, a job runs
 * again after a failed attempt (`running` → `running`), and a finished job never moves, so a
 * late duplicate delivery cannot take it back. The table's conditional writes are built from
 * this, so the rule lives once.
 */
export const allowedPredecessors: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  queued: [],
  running: ['queued', 'running'],
  succeeded: ['running'],
  failed: ['queued', 'running'],
}

export const canMove = (from: JobStatus | undefined, to: JobStatus): boolean =>
  from === undefined ? to !== 'succeeded' : allowedPredecessors[to].includes(from)

export const isFinished = (status: JobStatus): boolean =>
  status === 'succeeded' || status === 'failed'

/** Where a succeeded job's result is. */
export interface JobResultLocation {
  bucket: string
  key: string
}

/** One job as the table holds it and `GET /jobs/<id>` shows it. Times are ISO 8601 UTC. */
export interface JobRecord {
  jobId: string
  type: string
  status: JobStatus
  acceptedAt: string
  updatedAt: string
  /** The first time a worker picked it up. */
  startedAt?: string
  finishedAt?: string
  /** How many times a worker started it (a redelivery after a failure counts again). */
  attempts: number
  result?: JobResultLocation
  failure?: { reason: string }
}
