export {
  type JobMessage,
  JobMessageError,
  jobIdPattern,
  jobMessageSchema,
  jobTypeSchema,
  parseJobMessage,
} from './job-message.ts'
export {
  allowedPredecessors,
  canMove,
  isFinished,
  type JobRecord,
  type JobResultLocation,
  type JobStatus,
  jobStatuses,
} from './job-status.ts'
export {
  JobRecordError,
  JobTable,
  type JobTableOptions,
  recordFromItem,
  type StartOutcome,
} from './job-table.ts'
