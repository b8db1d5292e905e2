import type { CodePipelineEvent } from 'aws-lambda'
import { type Fields, own, ShapeCheck } from './shape-check.ts'

const check = new ShapeCheck('CodePipeline')

const JOB = 'CodePipeline.job'

/**
 * The job id, if the event has one, whatever else is wrong with it. A job with an id can and
 * must be reported (PutJobFailureResult), or the pipeline waits until the action times out.
 */
export const codePipelineJobId = (event: unknown): string | undefined => {
  if (typeof event !== 'object' || event === null) return undefined
  const job = own(event as Fields, JOB)
  if (typeof job !== 'object' || job === null) return undefined
  const id = own(job as Fields, 'id')
  return typeof id === 'string' && id !== '' ? id : undefined
}

const artifacts = (value: unknown, field: string) =>
  check.array(value, field).forEach((item, index) => {
    const artifact = check.object(item, `${field}[${index}]`)
    check.text(own(artifact, 'name'), `${field}[${index}].name`)
    const location = check.object(own(artifact, 'location'), `${field}[${index}].location`)
    const type = check.text(own(location, 'type'), `${field}[${index}].location.type`)
    // Only S3 locations have s3Location; the handler refuses other types by name.
    if (type !== 'S3') return
    const s3 = check.object(own(location, 's3Location'), `${field}[${index}].location.s3Location`)
    check.nonEmptyText(own(s3, 'bucketName'), `${field}[${index}].location.s3Location.bucketName`)
    check.nonEmptyText(own(s3, 'objectKey'), `${field}[${index}].location.s3Location.objectKey`)
  })

/**
 * Checks a CodePipeline invoke-action job: an id, the action configuration (UserParameters
 * optional), input and output artifacts, the artifact credentials, and an optional
 * continuation token. Call `codePipelineJobId` first to know whether a refusal can be reported.
 */
export function assertCodePipelineEvent(event: unknown): asserts event is CodePipelineEvent {
  const job = check.object(own(check.object(event, '(event)'), JOB), JOB)
  check.nonEmptyText(own(job, 'id'), `${JOB}.id`)
  check.text(own(job, 'accountId'), `${JOB}.accountId`)
  const data = check.object(own(job, 'data'), `${JOB}.data`)
  const action = check.object(own(data, 'actionConfiguration'), `${JOB}.data.actionConfiguration`)
  const configuration = check.object(
    own(action, 'configuration'),
    `${JOB}.data.actionConfiguration.configuration`,
  )
  check.optionalText(
    own(configuration, 'UserParameters'),
    `${JOB}.data.actionConfiguration.configuration.UserParameters`,
  )
  artifacts(own(data, 'inputArtifacts'), `${JOB}.data.inputArtifacts`)
  artifacts(own(data, 'outputArtifacts'), `${JOB}.data.outputArtifacts`)
  const credentials = check.object(
    own(data, 'artifactCredentials'),
    `${JOB}.data.artifactCredentials`,
  )
  for (const name of ['accessKeyId', 'secretAccessKey', 'sessionToken']) {
    check.text(own(credentials, name), `${JOB}.data.artifactCredentials.${name}`)
  }
  check.optionalText(own(data, 'continuationToken'), `${JOB}.data.continuationToken`)
}
