/** Turbo prints colours unless told not to; strip them before reading its summary. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC
const ANSI = /\u001b\[[0-9;]*m/g

export interface TurboSummary {
  cached: number
  total: number
  /** Turbo's `>>> FULL TURBO`: every task came from the cache. */
  fullTurbo: boolean
}

/** Reads turbo's closing summary (`Cached:  12 cached, 30 total`); undefined if it has none. */
export const parseTurboSummary = (output: string): TurboSummary | undefined => {
  const text = output.replace(ANSI, '')
  const match = /Cached:\s+(\d+)\s+cached,\s+(\d+)\s+total/.exec(text)
  if (!match) return undefined
  return {
    cached: Number(match[1]),
    total: Number(match[2]),
    fullTurbo: text.includes('FULL TURBO'),
  }
}
