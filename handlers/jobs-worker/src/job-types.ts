import { noopJob } from './noop-job.ts'
import { reportJob } from './report-job.ts'

/** One kind of work. `run` gets the job's payload and returns the result to store (JSON). */
export interface JobType {
  run(payload: Readonly<Record<string, unknown>>): Promise<unknown> | unknown
}

/**
 * The registry: a Map, so a type named like an Object.prototype member (`constructor`,
 * `__proto__`) is simply unknown. Add a type here and in the README's table.
 */
export const defaultJobTypes: ReadonlyMap<string, JobType> = new Map([
  ['report', reportJob],
  ['noop', noopJob],
])
