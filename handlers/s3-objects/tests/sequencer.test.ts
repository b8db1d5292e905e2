import { compareS3Sequencers } from '@repo/shared'
import { useLocalAws } from '@repo/shared/harness'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SequencerFormatError } from '../src/errors.ts'
import { compareSequencers, padSequencer, SEQUENCER_WIDTH } from '../src/sequencer.ts'
import { DynamoDBSequencerMarks, sequencerMarkId } from '../src/sequencer-marks.ts'

const hex = fc.string({ unit: fc.constantFrom(...'0123456789ABCDEF'), minLength: 1, maxLength: 24 })
const sign = (n: number) => Math.sign(n)

describe('sequencer order', () => {
  it('padding to one width keeps AWS order under plain string comparison', () => {
    fc.assert(
      fc.property(hex, hex, (a, b) => {
        const padded =
          padSequencer(a) < padSequencer(b) ? -1 : padSequencer(a) > padSequencer(b) ? 1 : 0
        expect(padded).toBe(sign(compareS3Sequencers(a, b)))
        expect(sign(compareSequencers(a, b))).toBe(sign(compareS3Sequencers(a, b)))
      }),
    )
  })

  it('refuses a sequencer longer than the padded width', () => {
    expect(() => padSequencer('F'.repeat(SEQUENCER_WIDTH + 1))).toThrow(SequencerFormatError)
  })
})

describe('DynamoDBSequencerMarks', () => {
  const aws = useLocalAws(
    { beforeAll, afterAll },
    { tables: [{ name: 'marks', partitionKey: 'id' }] },
  )

  it('advances to the newest sequencer per key, accepts a retry of the same one, refuses older ones', async () => {
    const marks = new DynamoDBSequencerMarks({
      client: aws().clients.dynamodb,
      tableName: 'marks',
      retentionSeconds: 60,
    })
    await fc.assert(
      fc.asyncProperty(
        fc.uuid(),
        fc.array(hex, { minLength: 1, maxLength: 8 }),
        async (key, sequencers) => {
          let newest: string | undefined
          for (const sequencer of sequencers) {
            const expected = newest === undefined || compareS3Sequencers(newest, sequencer) <= 0
            const accepted = await marks.advance(
              { namespace: 'fn', bucket: 'b', key, sequencer },
              Date.now(),
            )
            expect(accepted).toBe(expected)
            if (expected) newest = sequencer
          }
        },
      ),
      { numRuns: 30 },
    )
  })

  it('hashes ids that would exceed the partition key limit', () => {
    const id = sequencerMarkId({ namespace: 'fn', bucket: 'b', key: 'k'.repeat(1024) })
    expect(Buffer.byteLength(id)).toBeLessThan(200)
    expect(id).toMatch(/^fn#s3-sequencer#sha256:/)
  })
})
