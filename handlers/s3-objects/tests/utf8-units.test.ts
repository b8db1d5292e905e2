import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Utf8UnitCounter } from '../src/utf8-units.ts'

const unitsOf = (bytes: Uint8Array) => {
  const counter = new Utf8UnitCounter()
  let units = 0
  for (const byte of bytes) units += byte < 0x80 ? counter.close() + 1 : counter.nonAscii(byte)
  return units + counter.close()
}

describe('Utf8UnitCounter', () => {
  it('counts what Buffer#toString("utf8") makes of any bytes, broken UTF-8 included', () => {
    // Bytes around every boundary the decoder cares about, and any byte at all.
    const byte = fc.oneof(
      fc.constantFrom(0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf),
      fc.constantFrom(0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff),
      fc.integer({ min: 0, max: 255 }),
    )
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 24 }), (list) => {
        const bytes = Uint8Array.from(list)
        expect(unitsOf(bytes)).toBe(Buffer.from(bytes).toString('utf8').length)
      }),
      { numRuns: 3000 },
    )
  })

  it('counts well-formed text of every width, surrogate pairs as two', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(unitsOf(Buffer.from(text))).toBe(Buffer.from(text).toString('utf8').length)
      }),
    )
  })
})
