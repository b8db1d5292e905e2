import { describe, expect, it } from 'vitest'
import { countTargets, formatValue, renderResults, renderTable } from '../src/markdown.ts'
import type { BenchReport } from '../src/report.ts'

const reports: BenchReport[] = [
  {
    name: 'cold start',
    generatedAt: '2025-01-01T00:00:00.000Z',
    rows: [
      { label: 'bare handler: module init', value: 4.137, unit: 'ms' },
      {
        label: 'alb-http: module init',
        value: 150.4,
        unit: 'ms',
        baseline: { label: 'SDK clients only', value: 120.3 },
        ratio: 150.4 / 120.3,
        target: '≤ 1.25×',
        met: true,
      },
      {
        label: 'alb-http: own code',
        value: 45_300,
        unit: 'bytes',
        detail: 'src 9.7 kB | @repo 32.6 kB',
        target: '< 40.0 kB',
        met: false,
      },
    ],
    notes: ['medians of 21 processes'],
  },
]

describe('formatValue', () => {
  it('shows bytes in SI units, so 40 kB is 40,000 bytes', () => {
    expect(formatValue(999, 'bytes')).toBe('999 B')
    expect(formatValue(40_000, 'bytes')).toBe('40.0 kB')
    expect(formatValue(1_253_404, 'bytes')).toBe('1.25 MB')
  })

  it('keeps about three significant digits, and whole counts whole', () => {
    expect(formatValue(4.137, 'ms')).toBe('4.14 ms')
    expect(formatValue(45.27, 'µs')).toBe('45.3 µs')
    expect(formatValue(150.4, 'ms')).toBe('150 ms')
    expect(formatValue(2, 'requests')).toBe('2 requests')
  })
})

describe('renderTable', () => {
  it('writes one row per bench row with value, baseline, ratio, target and verdict', () => {
    const lines = renderTable(reports).split('\n')
    expect(lines[0]).toBe('| suite | benchmark | value | baseline | ratio | target | met |')
    expect(lines).toHaveLength(2 + 3)
    expect(lines[3]).toBe(
      '| cold start | alb-http: module init | 150 ms | SDK clients only: 120 ms | 1.25× | ≤ 1.25× | ✅ met |',
    )
    expect(lines[2]).toBe('| cold start | bare handler: module init | 4.14 ms |  |  |  |  |')
  })

  it('escapes pipes so a detail cannot break the table', () => {
    const row = renderTable(reports).split('\n')[4] ?? ''
    expect(row).toContain('(src 9.7 kB \\| @repo 32.6 kB)')
    expect(row.split(/(?<!\\)\|/)).toHaveLength(9)
    expect(row).toContain('❌ missed')
  })
})

describe('renderResults', () => {
  const machine = {
    node: 'v22.23.3',
    cpu: 'AMD EPYC',
    cores: 2,
    memoryGiB: 8,
    platform: 'linux x64',
    date: '2025-01-01T00:00:00.000Z',
  }

  it('heads the table with the machine, date and how many targets were met', () => {
    const text = renderResults(machine, reports)
    expect(text).toContain('- Node: v22.23.3 (linux x64)')
    expect(text).toContain('- CPU: AMD EPYC, 2 cores, 8 GiB RAM')
    expect(text).toContain('- Date: 2025-01-01T00:00:00.000Z')
    expect(text).toContain('- Targets met: 1 of 2')
    expect(text).toContain('### cold start\n\n- medians of 21 processes')
    expect(countTargets(reports)).toEqual({ met: 1, total: 2 })
  })

  it('appends the sections measured outside the bench, after the notes, as they are', () => {
    const text = renderResults(machine, reports, ['## Mutation testing\n\nScore: 96 %\n'])
    expect(text.endsWith('\n## Mutation testing\n\nScore: 96 %\n')).toBe(true)
    expect(text.indexOf('### cold start')).toBeLessThan(text.indexOf('## Mutation testing'))
  })
})
