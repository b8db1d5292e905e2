import { constants, crc32, deflateRawSync } from 'node:zlib'

/**
 * A zip written by hand, so a test can make an entry lie: `declaredSize` is what the headers
 * say, `data` is what is really there. Zip writers (fflate included) never write a lie.
 */
export interface RawEntry {
  name: string
  /** The entry's file data as stored (deflated when `deflated`). */
  data: Uint8Array
  deflated: boolean
  declaredSize: number
  crc?: number
}

const u16 = (value: number) => Buffer.from(Uint16Array.of(value).buffer)
const u32 = (value: number) => Buffer.from(Uint32Array.of(value >>> 0).buffer)

export const rawZip = (entries: readonly RawEntry[]): Uint8Array => {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name)
    const method = entry.deflated ? 8 : 0
    const common = [
      u16(20), // version needed
      u16(0), // flags
      u16(method),
      u16(0), // time
      u16(0x21), // date (1980-01-01)
      u32(entry.crc ?? 0),
      u32(entry.data.length),
      u32(entry.declaredSize),
      u16(name.length),
      u16(0), // extra length
    ]
    const local = Buffer.concat([u32(0x04034b50), ...common, name, entry.data])
    centrals.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(20), // version made by
        ...common,
        u16(0), // comment length
        u16(0), // disk
        u16(0), // internal attributes
        u32(0), // external attributes
        u32(offset),
        name,
      ]),
    )
    locals.push(local)
    offset += local.length
  }
  const central = Buffer.concat(centrals)
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(entries.length),
    u16(entries.length),
    u32(central.length),
    u32(offset),
    u16(0),
  ])
  return Buffer.concat([...locals, central, end])
}

/** An honest stored or deflated entry. */
export const entry = (name: string, content: Uint8Array | string, deflated = true): RawEntry => {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content
  return {
    name,
    data: deflated ? deflateRawSync(bytes) : bytes,
    deflated,
    declaredSize: bytes.length,
    crc: crc32(bytes),
  }
}

const MEBIBYTE = 1024 * 1024

/**
 * Raw deflate data that inflates to `mebibytes` MiB of zeros, built without ever holding them:
 * one MiB of zeros deflated with a full flush (so the block stands alone) repeated, then an
 * empty final block. 4 GiB of zeros is about 4 MiB of data.
 */
export const zerosBomb = (mebibytes: number): Uint8Array => {
  const oneMebibyte = deflateRawSync(Buffer.alloc(MEBIBYTE), {
    finishFlush: constants.Z_FULL_FLUSH,
  })
  const finalEmptyBlock = Buffer.from([0x03, 0x00])
  return Buffer.concat([...Array.from({ length: mebibytes }, () => oneMebibyte), finalEmptyBlock])
}
