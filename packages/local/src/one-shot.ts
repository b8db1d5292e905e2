import { readFileSync } from 'node:fs'
import { triggerOfType } from '@repo/triggers'
import { UnknownHandlerError } from './errors.ts'
import { discoverHandlers } from './function/discover.ts'
import type { InvocationOutcome } from './function/invocation.ts'
import { LocalRuntime } from './function/runtime.ts'
import { createOutput } from './output.ts'
import { type PipelineJobOutcome, runPipelineJob } from './triggers/codepipeline/pipeline-job.ts'

export interface OneShotOptions {
  timeScale: number
  envOverrides?: Record<string, Record<string, string>>
}

/** Reads an event file, or stdin for `-`. */
export const readEventText = (source: string): string =>
  readFileSync(source === '-' ? 0 : source, 'utf8')

/** Emulators on free ports, every resource, and only the one handler loaded; logs to stderr. */
const withRuntime = async <T>(
  name: string,
  options: OneShotOptions,
  run: (runtime: LocalRuntime) => Promise<T>,
): Promise<T> => {
  const handlers = await discoverHandlers()
  if (!handlers.some((handler) => handler.name === name)) {
    throw new UnknownHandlerError(
      `No handler "${name}"; there are: ${handlers.map((handler) => handler.name).join(', ')}.`,
    )
  }
  const runtime = await LocalRuntime.start({
    handlers,
    ports: { aws: 0, dynamodb: 0 },
    timeScale: options.timeScale,
    output: createOutput(process.stderr),
    ...(options.envOverrides && { envOverrides: options.envOverrides }),
  })
  try {
    await runtime.loadHandlers([name])
    return await run(runtime)
  } finally {
    await runtime.stop()
  }
}

/** `invoke <handler> <event>`: one synchronous invocation, like `aws lambda invoke`. */
export const invokeOnce = (
  name: string,
  event: unknown,
  options: OneShotOptions,
): Promise<InvocationOutcome> =>
  withRuntime(name, options, (runtime) => runtime.invokeOnce(name, event))

/** `invoke pipeline-job <handler> <zip>`: a whole CodePipeline job, continuations included. */
export const runJob = (
  name: string,
  zip: Uint8Array,
  options: OneShotOptions,
): Promise<PipelineJobOutcome> =>
  withRuntime(name, options, async (runtime) => {
    const handler = runtime.handler(name)
    if (!handler) throw new UnknownHandlerError(`No handler "${name}".`)
    return runPipelineJob({
      functionName: name,
      trigger: triggerOfType(handler.declaration, 'codepipeline'),
      zip,
      s3: runtime.emulators.clients.s3,
      codePipeline: runtime.emulators.codePipeline,
      invoke: (event) => runtime.invokeAsync(name, event, 'codepipeline'),
    })
  })
