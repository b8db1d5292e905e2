/**
 * Counts the UTF-16 code units that UTF-8 bytes decode to, as `Buffer#toString('utf8')` (the
 * WHATWG decoder) emits them, without building the string: a complete sequence of four bytes is
 * a surrogate pair (2 units), any other complete sequence 1, and each malformed piece one U+FFFD
 * (1). ASCII bytes are the caller's to count (1 each); it tells this counter only that an ASCII
 * byte, or the end, came (`close`), which ends a sequence left open.
 */
export class Utf8UnitCounter {
  #needed = 0
  #seen = 0
  #lower = 0x80
  #upper = 0xbf

  /** A multi-byte sequence has begun and not ended. */
  get open(): boolean {
    return this.#needed !== 0
  }

  /** One byte >= 0x80. Returns the code units it completes. */
  nonAscii(byte: number): number {
    let units = 0
    if (this.#needed !== 0) {
      if (byte >= this.#lower && byte <= this.#upper) {
        this.#lower = 0x80
        this.#upper = 0xbf
        this.#seen++
        if (this.#seen < this.#needed) return 0
        units = this.#needed === 3 ? 2 : 1
        this.#needed = 0
        this.#seen = 0
        return units
      }
      // Not a continuation: U+FFFD for the open sequence, then this byte starts afresh.
      units = this.close()
    }
    if (byte >= 0xc2 && byte <= 0xdf) this.#needed = 1
    else if (byte >= 0xe0 && byte <= 0xef) {
      if (byte === 0xe0) this.#lower = 0xa0
      if (byte === 0xed) this.#upper = 0x9f
      this.#needed = 2
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      if (byte === 0xf0) this.#lower = 0x90
      if (byte === 0xf4) this.#upper = 0x8f
      this.#needed = 3
    } else units++
    return units
  }

  /** An ASCII byte or the end follows: an open sequence becomes one U+FFFD. Returns its units. */
  close(): number {
    if (this.#needed === 0) return 0
    this.#needed = 0
    this.#seen = 0
    this.#lower = 0x80
    this.#upper = 0xbf
    return 1
  }
}
