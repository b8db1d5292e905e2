#!/usr/bin/env node
/**
 * `npm run -s event -- <trigger> [variant] [--option value ...]`: prints one event as
 * pretty JSON on stdout; errors go to stderr with a non-zero exit (commander's default).
 */
import { eventProgram } from './program.ts'

const print = (event: unknown): void => {
  process.stdout.write(`${JSON.stringify(event, null, 2)}\n`)
}

await eventProgram(print).parseAsync(process.argv)
