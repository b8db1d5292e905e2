import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeS3Key, encodeS3Key, MalformedS3KeyError } from '../src/index.ts'

describe('S3 notification keys', () => {
  it('encode as S3 does: space as +, + as %2B, UTF-8 escapes, / kept', () => {
    expect(encodeS3Key('uploads/Quarterly Report (Q1)+final ü.pdf')).toBe(
      'uploads/Quarterly+Report+%28Q1%29%2Bfinal+%C3%BC.pdf',
    )
    expect(decodeS3Key('uploads/Quarterly+Report+%28Q1%29%2Bfinal+%C3%BC.pdf')).toBe(
      'uploads/Quarterly Report (Q1)+final ü.pdf',
    )
  })

  it('decode what they encode, for any key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 64 }), (key) => {
        expect(decodeS3Key(encodeS3Key(key))).toBe(key)
      }),
      { seed: 1730, numRuns: 500 },
    )
  })

  it('refuse an escape S3 never writes with a typed error that quotes the key', () => {
    for (const bad of ['a%zz', 'a%', '%E0%A4%A', '%C3%28', 'lone\uD800surrogate', '%ED%A0%80']) {
      expect(() => decodeS3Key(bad)).toThrow(MalformedS3KeyError)
      expect(() => decodeS3Key(bad)).toThrow(`"${bad}"`)
    }
  })
})
