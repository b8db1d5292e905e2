import { z } from 'zod'

// Lambda sets these itself and refuses a function configuration that sets them.
const reservedVariables = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
])

const maxEnvironmentBytes = 4 * 1024

export const functionSettingsSchema = z.strictObject({
  memorySize: z
    .number()
    .int({ error: 'memorySize is a whole number of MB, 128-10240 (Lambda rule)' })
    .min(128, { error: 'memorySize is 128-10240 MB (Lambda rule)' })
    .max(10_240, { error: 'memorySize is 128-10240 MB (Lambda rule)' })
    .default(256),
  timeout: z
    .number()
    .int({ error: 'timeout is a whole number of seconds, 1-900 (Lambda rule)' })
    .min(1, { error: 'timeout is 1-900 seconds (Lambda rule)' })
    .max(900, { error: 'timeout is at most 900 seconds (15 minutes, the Lambda limit)' })
    .default(30),
  /** Lambda's instruction set; arm64 unless a trigger needs x86_64 (Lambda@Edge does). */
  architecture: z
    .enum(['arm64', 'x86_64'], { error: "architecture is 'arm64' or 'x86_64' (Lambda rule)" })
    .default('arm64'),
  environment: z
    .record(z.string(), z.string())
    .default({})
    .superRefine((environment, context) => {
      for (const name of Object.keys(environment)) {
        const problem = !/^[A-Za-z][A-Za-z0-9_]*$/.test(name)
          ? 'environment variable names start with a letter and hold letters, digits and "_"'
          : reservedVariables.has(name)
            ? `${name} is reserved: Lambda sets it itself`
            : undefined
        if (problem) context.addIssue({ code: 'custom', path: [name], message: problem })
      }
      const size = Buffer.byteLength(
        Object.entries(environment)
          .map(([name, value]) => name + value)
          .join(''),
      )
      if (size > maxEnvironmentBytes) {
        context.addIssue({
          code: 'custom',
          message: `environment variables total at most 4 KB (Lambda rule); these take ${size} bytes`,
        })
      }
    }),
})

export type FunctionSettingsInput = z.input<typeof functionSettingsSchema>
export type FunctionSettings = z.output<typeof functionSettingsSchema>
