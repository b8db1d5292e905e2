#!/usr/bin/env node
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Command, InvalidArgumentError, Option } from 'commander'
import { LocalRunnerError } from './errors.ts'
import { parseEnvOverrides } from './function/env-overrides.ts'
import { invokeOnce, readEventText, runJob } from './one-shot.ts'
import { createOutput } from './output.ts'
import { startRunner } from './runner.ts'

const port = (value: string): number => {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535)
    throw new InvalidArgumentError('a port is a whole number from 0 (any free port) to 65535')
  return parsed
}

const scale = (value: string): number => {
  const parsed = Number(value)
  if (!(parsed > 0)) throw new InvalidArgumentError('a positive number, e.g. 60 (1 min → 1 s)')
  return parsed
}

const collect = (value: string, previous: string[]) => [...previous, value]

const timeScaleOption = () =>
  new Option('--time-scale <factor>', 'divide async retry waits and schedules by this')
    .argParser(scale)
    .default(1)
const envOption = () =>
  new Option('--env <handler:NAME=value>', 'extra environment for one handler (repeatable)')
    .argParser(collect)
    .default([])

const program = new Command('local')
  .description(
    'Run the handlers locally against embedded AWS emulators, wired from their declarations',
  )
  .showHelpAfterError()

program
  .command('start')
  .description('start every handler with its triggers (ALB listener, S3, schedules, SNS, logs)')
  .addOption(
    new Option('--port <port>', 'ALB listener and /_local API').argParser(port).default(3000),
  )
  .addOption(
    new Option(
      '--host <address>',
      'address the ALB listener and the console bind (anything but loopback exposes them to that network)',
    ).default('127.0.0.1'),
  )
  .addOption(new Option('--aws-port <port>', 'S3/SQS/SNS endpoint').argParser(port).default(4566))
  .addOption(new Option('--dynamodb-port <port>', 'DynamoDB (dynalite)').argParser(port).default(0))
  .addOption(
    new Option('--cloudfront-port <port>', 'local CloudFront (Lambda@Edge) in front of the ALB')
      .argParser(port)
      .default(3001),
  )
  .addOption(timeScaleOption())
  .addOption(
    new Option('--fire <handler[/rule]>', 'fire a rule once at start (repeatable)')
      .argParser(collect)
      .default([]),
  )
  .addOption(envOption())
  .option('--no-watch', 'do not reload handlers when their source changes')
  .addOption(
    new Option(
      '--handlers-dir <dir>',
      'also run the handler workspaces in this folder (repeatable)',
    )
      .argParser(collect)
      .default([]),
  )
  .action(
    async (options: {
      port: number
      host: string
      awsPort: number
      dynamodbPort: number
      cloudfrontPort: number
      timeScale: number
      fire: string[]
      env: string[]
      watch: boolean
      handlersDir: string[]
    }) => {
      const output = createOutput(process.stdout)
      const runner = await startRunner({
        port: options.port,
        host: options.host,
        awsPort: options.awsPort,
        dynamodbPort: options.dynamodbPort,
        cloudfrontPort: options.cloudfrontPort,
        timeScale: options.timeScale,
        watch: options.watch,
        fire: options.fire,
        envOverrides: parseEnvOverrides(options.env),
        handlerDirectories: options.handlersDir.map((directory) => resolve(directory)),
        output,
      })
      output.note(`ALB listener    ${runner.urls.alb}`)
      if (runner.urls.cloudfront) output.note(`CloudFront      ${runner.urls.cloudfront}`)
      output.note(`S3 / SQS / SNS  ${runner.urls.aws}`)
      output.note(`DynamoDB        ${runner.urls.dynamodb}`)
      output.note(`status          ${runner.urls.status}`)
      output.note(`console         ${runner.urls.alb}/_local/`)
      output.note(`up in ${Math.round(runner.startupMs)} ms; Ctrl-C to stop`)
      // One machine-readable line for scripts and tests that start the runner on port 0.
      process.stdout.write(`LOCAL_READY ${JSON.stringify(runner.urls)}\n`)
      let stopping = false
      const shutdown = () => {
        if (stopping) process.exit(1)
        stopping = true
        runner.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        )
      }
      process.on('SIGINT', shutdown)
      process.on('SIGTERM', shutdown)
    },
  )

program
  .command('invoke')
  .description('invoke one handler once: result JSON on stdout, logs on stderr (exit 1 on error)')
  .argument('<handler>', 'handler name, or "pipeline-job" to run a CodePipeline job')
  .argument('<event>', 'event JSON file, "-" for stdin (or, for pipeline-job, the handler)')
  .argument('[zip]', 'pipeline-job only: the artifact zip')
  .addOption(timeScaleOption())
  .addOption(envOption())
  .action(
    async (
      handler: string,
      event: string,
      zip: string | undefined,
      options: { timeScale: number; env: string[] },
    ) => {
      const shared = { timeScale: options.timeScale, envOverrides: parseEnvOverrides(options.env) }
      if (handler === 'pipeline-job') {
        if (zip === undefined)
          throw new LocalRunnerError('usage: invoke pipeline-job <handler> <artifact.zip>')
        const outcome = await runJob(event, readFileSync(zip), shared)
        process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`)
        process.exitCode = outcome.status === 'Succeeded' ? 0 : 1
        return
      }
      let payload: unknown
      try {
        payload = JSON.parse(readEventText(event))
      } catch (error) {
        throw new LocalRunnerError(
          `Cannot read the event from ${event === '-' ? 'stdin' : event}: ${(error as Error).message}`,
        )
      }
      const outcome = await invokeOnce(handler, payload, shared)
      const body = outcome.status === 'success' ? outcome.result : outcome.error
      process.stdout.write(`${JSON.stringify(body, null, 2)}\n`)
      process.exitCode = outcome.status === 'success' ? 0 : 1
    },
  )

program
  .command('job')
  .description(
    'run a CodePipeline job for a handler with this artifact zip (same as invoke pipeline-job)',
  )
  .argument('<handler>')
  .argument('<zip>')
  .addOption(timeScaleOption())
  .addOption(envOption())
  .action(async (handler: string, zip: string, options: { timeScale: number; env: string[] }) => {
    const outcome = await runJob(handler, readFileSync(zip), {
      timeScale: options.timeScale,
      envOverrides: parseEnvOverrides(options.env),
    })
    process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`)
    process.exitCode = outcome.status === 'Succeeded' ? 0 : 1
  })

try {
  await program.parseAsync()
} catch (error) {
  const known = error instanceof LocalRunnerError
  process.stderr.write(
    `${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`,
  )
  process.exit(2)
}
