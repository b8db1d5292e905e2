import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where the real-event corpus ships: `events/` at the root of this package (see its README). */
export const bundledCorpusDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../events')

/**
 * The folder events are read from: the bundled corpus, unless `AWS_EVENTS_DIR` names another
 * (for example a team's own captured events in the same `<source>__<trigger>__<name>.json` form).
 */
export const corpusDir = (): string => process.env.AWS_EVENTS_DIR || bundledCorpusDir

/** One corpus file, parsed from its `<source>__<trigger>__<name>.json` name. */
export interface CorpusEntry {
  file: string
  source: string
  trigger: string
  name: string
}

export class CorpusEventNotFoundError extends Error {
  override name = 'CorpusEventNotFoundError'
}

export const listCorpus = (trigger?: string): CorpusEntry[] =>
  readdirSync(corpusDir())
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const [source = '', kind = '', name = ''] = file.replace(/\.json$/, '').split('__')
      return { file, source, trigger: kind, name }
    })
    .filter((entry) => trigger === undefined || entry.trigger === trigger)

/**
 * Reads one corpus event. The type parameter is the caller's claim about its shape;
 * tests that compare builders against the corpus check that claim field by field.
 */
export const loadCorpusEvent = <T = unknown>(file: string): T => {
  const fileName = file.endsWith('.json') ? file : `${file}.json`
  try {
    return JSON.parse(readFileSync(join(corpusDir(), fileName), 'utf8')) as T
  } catch (error) {
    throw new CorpusEventNotFoundError(
      `Cannot read corpus event "${fileName}" from ${corpusDir()}: ${(error as Error).message}. ` +
        'List the available names with listCorpus(); AWS_EVENTS_DIR overrides the folder.',
      { cause: error },
    )
  }
}
