// A body that is not a job is @repo/jobs's JobMessageError (the message schema lives there).

/** The job names a type this worker does not run: permanent, recorded on the job as its reason. */
export class UnknownJobTypeError extends Error {
  override readonly name = 'UnknownJobTypeError'
  readonly type: string

  constructor(type: string, known: readonly string[]) {
    super(`Unknown job type "${type}"; this worker runs: ${known.join(', ')}.`)
    this.type = type
  }
}

/** The payload does not fit the job type: permanent, recorded on the job as its reason. */
export class JobPayloadError extends Error {
  override readonly name = 'JobPayloadError'
  readonly problems: readonly string[]

  constructor(type: string, problems: readonly string[]) {
    super(`The ${type} job's payload is not valid: ${problems.join('; ')}.`)
    this.problems = problems
  }
}

/** Another worker holds a live lease on the job: the message comes back after its visibility timeout. */
export class JobBusyError extends Error {
  override readonly name = 'JobBusyError'
  readonly jobId: string

  constructor(jobId: string) {
    super(`Job ${jobId} is running under another worker's lease; it will be looked at again.`)
    this.jobId = jobId
  }
}

/** FIFO: an earlier message of the same group failed, so this one must wait its turn. */
export class MessageGroupBlockedError extends Error {
  override readonly name = 'MessageGroupBlockedError'
  readonly messageGroupId: string

  constructor(messageGroupId: string, failedMessageId: string) {
    super(
      `Message group "${messageGroupId}" stopped at message ${failedMessageId}, which failed; later messages of the group are returned unprocessed to keep their order.`,
    )
    this.messageGroupId = messageGroupId
  }
}

/** Too little of the invocation was left to start this message: it returns to the queue untouched. */
export class DeadlineNearError extends Error {
  override readonly name = 'DeadlineNearError'

  constructor(remainingMs: number) {
    super(
      `Not started: ${remainingMs} ms of the invocation were left; the message will be delivered again.`,
    )
  }
}
