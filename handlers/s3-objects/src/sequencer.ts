import { SequencerFormatError } from './errors.ts'

/**
 * S3 sequencers order the events of one key: right-pad the shorter with "0", then compare as
 * strings. Padding every sequencer to one fixed width keeps that order under plain string
 * comparison, which is what a DynamoDB condition (`stored <= :incoming`) can do.
 */
export const SEQUENCER_WIDTH = 64

export const padSequencer = (sequencer: string): string => {
  if (sequencer.length > SEQUENCER_WIDTH) {
    throw new SequencerFormatError(
      `S3 sequencer "${sequencer.slice(0, 80)}" is ${sequencer.length} characters; at most ${SEQUENCER_WIDTH} are supported.`,
    )
  }
  return sequencer.padEnd(SEQUENCER_WIDTH, '0')
}

/** AWS's documented order (negative: `a` happened first). */
export const compareSequencers = (a: string, b: string): number => {
  const width = Math.max(a.length, b.length)
  const left = a.padEnd(width, '0')
  const right = b.padEnd(width, '0')
  return left < right ? -1 : left > right ? 1 : 0
}
