import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { EventShapeError } from '../../src/index.ts'

// The real-event corpus, read directly: this package cannot depend on @repo/shared, which
// depends on it. turbo.json lists the folder as a test input, so a new event reruns these tests.
const corpus = fileURLToPath(new URL('../../../../shared/events/', import.meta.url))

/** Every corpus file whose name passes `select`, parsed: `[file, event]`. */
export const corpusFiles = (select: (file: string) => boolean): [string, unknown][] =>
  readdirSync(corpus)
    .filter((file) => file.endsWith('.json') && select(file))
    .map((file) => [file, JSON.parse(readFileSync(`${corpus}${file}`, 'utf8'))])

/** The corpus events of one trigger (`<source>__<trigger>__<name>.json`). */
export const corpusEvents = (trigger: string): [string, unknown][] =>
  corpusFiles((file) => file.split('__')[1] === trigger)

/** The EventShapeError `run` throws; anything else (or nothing) fails the test. */
export const shapeError = (run: () => void): EventShapeError => {
  try {
    run()
  } catch (error) {
    if (error instanceof EventShapeError) return error
    throw error
  }
  throw new Error('expected an EventShapeError')
}
