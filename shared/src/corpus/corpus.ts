import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The real-event corpus lives beside the repository (`<repo>/../shared/aws-events`),
 * not inside it: it is reference data we test against, never copy. Set
 * `AWS_EVENTS_DIR` to point elsewhere (for example in a project that copied a handler).
 */
export const corpusDir = (): string =>
  process.env.AWS_EVENTS_DIR ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/aws-events')

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
        'Set AWS_EVENTS_DIR to the folder that holds the aws-events corpus.',
      { cause: error },
    )
  }
}
