import { styleText } from 'node:util'

type Color = 'cyan' | 'magenta' | 'yellow' | 'green' | 'blue' | 'red' | 'gray' | 'white'
const palette: Color[] = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'white']
const assigned = new Map<string, Color>()

/**
 * Colours only when the stream is a terminal (styleText checks the stream and honours
 * NO_COLOR / FORCE_COLOR), so piped output and CI logs stay plain.
 */
const paint = (color: Color | 'bold' | 'dim', text: string, stream: NodeJS.WriteStream): string =>
  styleText(color, text, { stream })

const colorOf = (source: string): Color => {
  const known = assigned.get(source)
  if (known) return known
  const color = palette[assigned.size % palette.length] ?? 'white'
  assigned.set(source, color)
  return color
}

export interface Output {
  /** A line from (or about) one handler, prefixed with its name. */
  line(source: string, text: string, level?: 'info' | 'warn' | 'error'): void
  /** A line from the runner itself. */
  note(text: string): void
}

/** Runner output. `start` writes to stdout; `invoke` to stderr, keeping stdout for the result. */
export const createOutput = (stream: NodeJS.WriteStream = process.stdout): Output => {
  const width = 20
  return {
    line(source, text, level = 'info') {
      const prefix = paint(colorOf(source), source.padEnd(width).slice(0, width), stream)
      const body =
        level === 'error'
          ? paint('red', text, stream)
          : level === 'warn'
            ? paint('yellow', text, stream)
            : text
      for (const row of body.split('\n')) stream.write(`${prefix} ${row}\n`)
    },
    note(text) {
      stream.write(`${paint('gray', 'local'.padEnd(width), stream)} ${text}\n`)
    },
  }
}
