export { type ReadEnvironmentOptions, readEnvironment } from './environment.ts'
export { ConfigError } from './errors.ts'
export * from './events/index.ts'
export {
  bucketName,
  isBucketName,
  isQueueUrl,
  keyPrefix,
  queueUrl,
  tableName,
  type WholeNumberOptions,
  wholeNumber,
} from './fields.ts'
export {
  createLogger,
  defaultWriter,
  type LineWriter,
  LOG_LEVELS,
  type LogFields,
  type LogFieldsInput,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  levelFromEnvironment,
} from './logger.ts'
export {
  decodedLogs,
  decodeLogsData,
  LogsDataBase64Error,
  LogsDataError,
  LogsDataGzipError,
  LogsDataJsonError,
  LogsDataTooLargeError,
  MAX_LOGS_DATA_BYTES,
} from './logs-data.ts'
export {
  PROBLEM_CONTENT_TYPE,
  type ProblemExtensions,
  type ProblemOptions,
  problemResponse,
  statusDescription,
} from './problem.ts'
export { currentRequestId, withRequestId } from './request-context.ts'
export { decodeS3Key, encodeS3Key, MalformedS3KeyError } from './s3-key.ts'
export { runInWindows } from './windows.ts'
