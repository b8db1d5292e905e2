import { setTimeout as sleep } from 'node:timers/promises'
import type { Context } from 'aws-lambda'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger, type LogLevel, levelFromEnvironment, withRequestId } from '../src/index.ts'

interface Line {
  level: LogLevel
  line: string
}

const recorder = (level?: LogLevel, env: Record<string, string> = {}) => {
  const lines: Line[] = []
  const logger = createLogger({ level, env, write: (at, line) => lines.push({ level: at, line }) })
  const parsed = () => lines.map(({ line }) => JSON.parse(line) as Record<string, unknown>)
  return { logger, lines, parsed }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('createLogger', () => {
  it('writes one JSON object per line: timestamp, level, message, then the fields', () => {
    const { logger, lines, parsed } = recorder('INFO')
    logger.info('order stored', { orderId: 'o-1', count: 2 })
    expect(lines).toHaveLength(1)
    expect(lines[0]?.line).not.toContain('\n')
    const [entry] = parsed()
    expect(Object.keys(entry ?? {})).toEqual(['timestamp', 'level', 'message', 'orderId', 'count'])
    expect(entry).toMatchObject({
      level: 'INFO',
      message: 'order stored',
      orderId: 'o-1',
      count: 2,
    })
    expect(new Date(String(entry?.timestamp)).toISOString()).toBe(entry?.timestamp)
  })

  it('prints each level at and above its threshold, and nothing below it', () => {
    const { logger, parsed } = recorder('WARN')
    logger.trace('t')
    logger.debug('d')
    logger.info('i')
    logger.warn('w')
    logger.error('e')
    logger.fatal('f')
    expect(parsed().map((entry) => entry.level)).toEqual(['WARN', 'ERROR', 'FATAL'])
    expect(logger.enabled('INFO')).toBe(false)
    expect(logger.enabled('WARN')).toBe(true)
  })

  it('reads AWS_LAMBDA_LOG_LEVEL once, when the logger is created', () => {
    const env: Record<string, string> = { AWS_LAMBDA_LOG_LEVEL: 'debug' }
    const { logger, parsed } = recorder(undefined, env)
    env.AWS_LAMBDA_LOG_LEVEL = 'ERROR'
    logger.debug('seen')
    logger.trace('not seen')
    expect(logger.level).toBe('DEBUG')
    expect(parsed().map((entry) => entry.message)).toEqual(['seen'])
  })

  it('falls back to INFO when AWS_LAMBDA_LOG_LEVEL is unset or unknown', () => {
    expect(levelFromEnvironment({})).toBe('INFO')
    expect(levelFromEnvironment({ AWS_LAMBDA_LOG_LEVEL: 'VERBOSE' })).toBe('INFO')
    expect(levelFromEnvironment({ AWS_LAMBDA_LOG_LEVEL: 'toString' })).toBe('INFO')
    expect(levelFromEnvironment({ AWS_LAMBDA_LOG_LEVEL: ' trace ' })).toBe('TRACE')
  })

  it('serialises nothing for a line below the level: lazy fields are not called, fields not read', () => {
    const { logger, lines } = recorder('INFO')
    const lazy = vi.fn(() => ({ big: 'x' }))
    const toJSON = vi.fn(() => 'read')
    logger.debug('skipped', lazy)
    logger.debug('skipped', { value: { toJSON } })
    expect(lazy).not.toHaveBeenCalled()
    expect(toJSON).not.toHaveBeenCalled()
    expect(lines).toEqual([])
    logger.info('printed', lazy)
    expect(lazy).toHaveBeenCalledOnce()
  })

  it('serialises errors with name, message, stack, their own fields and their cause', () => {
    const { logger, parsed } = recorder('INFO')
    const cause = new TypeError('socket hang up')
    const error = Object.assign(new Error('store failed', { cause }), { code: 'ECONNRESET' })
    logger.error('failed', { error })
    const logged = parsed()[0]?.error as Record<string, unknown>
    expect(logged).toMatchObject({ name: 'Error', message: 'store failed', code: 'ECONNRESET' })
    expect(String(logged.stack)).toContain('store failed')
    expect(logged.cause).toMatchObject({ name: 'TypeError', message: 'socket hang up' })
  })

  it('survives a cycle of causes, a circular object and a BigInt without throwing', () => {
    const { logger, parsed } = recorder('INFO')
    const error = new Error('loop')
    error.cause = error
    logger.error('cycle', { error, big: 10n })
    expect(parsed()[0]).toMatchObject({ big: '10', error: { cause: '[Circular Error]' } })
    const circular: Record<string, unknown> = {}
    circular.self = circular
    logger.error('circular', { circular })
    expect(parsed()[1]).toMatchObject({ level: 'ERROR', message: 'circular' })
    expect(String(parsed()[1]?.logError)).toMatch(/not serialisable/)
  })

  it('never lets a field overwrite the level, message, time or request id; __proto__ stays a field', () => {
    const { logger, parsed } = recorder('INFO')
    const fields = JSON.parse(
      '{"level":"FATAL","message":"forged","timestamp":"x","requestId":"r","__proto__":{"polluted":1}}',
    )
    logger.info('real', fields)
    const [entry] = parsed()
    expect(entry).toMatchObject({ level: 'INFO', message: 'real' })
    expect(entry?.timestamp).not.toBe('x')
    expect(entry).not.toHaveProperty('requestId')
    expect(Object.hasOwn(entry ?? {}, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('adds its persistent fields to every line', () => {
    const lines: string[] = []
    const logger = createLogger({
      level: 'INFO',
      fields: { service: 'alb-http' },
      write: (_, line) => lines.push(line),
    })
    logger.info('one', { a: 1 })
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ service: 'alb-http', a: 1 })
  })
})

describe('where lines go', () => {
  it('outside Lambda: through the global console, looked up per line (what the harness patches)', () => {
    const logger = createLogger({ env: {} })
    const info = vi.spyOn(console, 'info').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    logger.info('hello')
    logger.warn('careful')
    expect(JSON.parse(String(info.mock.calls[0]?.[0]))).toMatchObject({
      level: 'INFO',
      message: 'hello',
    })
    expect(JSON.parse(String(warn.mock.calls[0]?.[0]))).toMatchObject({
      level: 'WARN',
      message: 'careful',
    })
  })

  it('inside the Lambda runtime: straight to stdout/stderr, bypassing the runtime-patched console', () => {
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const patched = vi.spyOn(console, 'info')
    const logger = createLogger({
      env: { LAMBDA_TASK_ROOT: '/var/task', AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' },
    })
    logger.info('direct')
    logger.error('to stderr')
    const written = {
      out: stdout.mock.calls.map((call) => String(call[0])),
      err: stderr.mock.calls.map((call) => String(call[0])),
    }
    stdout.mockRestore()
    stderr.mockRestore()
    expect(patched).not.toHaveBeenCalled()
    expect(written.out).toHaveLength(1)
    expect(JSON.parse(written.out[0] ?? '')).toMatchObject({ level: 'INFO', message: 'direct' })
    expect(JSON.parse(written.err[0] ?? '')).toMatchObject({ level: 'ERROR', message: 'to stderr' })
  })
})

describe('withRequestId', () => {
  it('binds each invocation its own request id, also across awaits, when invocations overlap', async () => {
    const { logger, parsed } = recorder('INFO')
    const handler = withRequestId(async (event: { delay: number }) => {
      logger.info('start', { delay: event.delay })
      await sleep(event.delay)
      logger.info('end', { delay: event.delay })
    })
    const contextFor = (awsRequestId: string) => ({ awsRequestId }) as Context
    await Promise.all([
      handler({ delay: 30 }, contextFor('slow')),
      handler({ delay: 1 }, contextFor('fast')),
      handler({ delay: 15 }, contextFor('middle')),
    ])
    const idsByDelay = new Map<unknown, unknown[]>()
    for (const line of parsed())
      idsByDelay.set(line.delay, [...(idsByDelay.get(line.delay) ?? []), line.requestId])
    expect(Object.fromEntries(idsByDelay)).toEqual({
      30: ['slow', 'slow'],
      1: ['fast', 'fast'],
      15: ['middle', 'middle'],
    })
  })

  it('leaves lines outside an invocation without a request id', () => {
    const { logger, parsed } = recorder('INFO')
    logger.info('cold start')
    expect(parsed()[0]).not.toHaveProperty('requestId')
  })
})
