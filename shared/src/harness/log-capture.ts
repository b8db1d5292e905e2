import { AsyncLocalStorage } from 'node:async_hooks'
import { format } from 'node:util'

export type LogLevel = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'TRACE'

/** One console call made by a handler, as Lambda's Node runtime would label it. */
export interface CapturedLog {
  level: LogLevel
  message: string
}

export interface LogSink {
  logs: CapturedLog[]
  /** Also write to the real console (useful while debugging a test). */
  echo: boolean
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace'
const levels: Record<ConsoleMethod, LogLevel> = {
  log: 'INFO',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  debug: 'DEBUG',
  trace: 'TRACE',
}

/*
 * The storage lives on globalThis, not in this module: vitest may load this module more than
 * once per process, and the console patch from the first copy must see sinks from every copy.
 */
const storageKey = Symbol.for('@repo/shared/harness/log-capture')
const patchedKey = Symbol.for('@repo/shared/harness/log-capture/patched')
type GlobalWithCapture = typeof globalThis & {
  [storageKey]?: AsyncLocalStorage<LogSink>
  [patchedKey]?: boolean
}

const storage = (): AsyncLocalStorage<LogSink> => {
  const global = globalThis as GlobalWithCapture
  global[storageKey] ??= new AsyncLocalStorage<LogSink>()
  return global[storageKey]
}

/**
 * Wraps console once per process. Calls outside a capture go straight through; calls inside
 * one (including from timers and I/O callbacks the handler started) go to that invocation's
 * sink, so concurrent invocations never see each other's lines.
 */
const patchConsole = (): void => {
  const global = globalThis as GlobalWithCapture
  if (global[patchedKey]) return
  global[patchedKey] = true
  for (const method of Object.keys(levels) as ConsoleMethod[]) {
    const original = console[method].bind(console)
    console[method] = (...args: unknown[]) => {
      const sink = storage().getStore()
      if (!sink) return original(...args)
      sink.logs.push({ level: levels[method], message: format(...args) })
      if (sink.echo) original(...args)
    }
  }
}

export const runCapturingLogs = <T>(sink: LogSink, run: () => T): T => {
  patchConsole()
  return storage().run(sink, run)
}
