import type { JobType } from './job-types.ts'

/** Does nothing: what is left is the worker's own cost per message (the bench's job type). */
export const noopJob: JobType = { run: () => ({}) }
