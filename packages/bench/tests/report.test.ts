import { describe, expect, it } from 'vitest'
import { BenchReportError, parseBenchReport } from '../src/report.ts'

const valid = {
  name: 's3-objects',
  generatedAt: '2025-01-01T00:00:00.000Z',
  rows: [
    { label: 'bare', value: 1.2, unit: 'µs' },
    {
      label: 'throughput',
      value: 80,
      unit: 'MiB/s',
      detail: '12 s',
      baseline: { label: 'plain read', value: 100 },
      ratio: 0.8,
      target: '≥ 0.70×',
      met: true,
    },
  ],
  notes: ['one run'],
}

describe('parseBenchReport', () => {
  it('keeps a valid report as it is', () => {
    expect(parseBenchReport(JSON.parse(JSON.stringify(valid)), 'x.json')).toEqual(valid)
  })

  it('names every problem and the file it came from', () => {
    const broken = {
      name: '',
      generatedAt: 'yesterday',
      rows: [{ label: 'a', value: 'fast', unit: 'ms', met: 'yes' }, 3],
    }
    const error = (() => {
      try {
        parseBenchReport(broken, 'handlers/x/reports/bench.json')
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(BenchReportError)
    const message = (error as Error).message
    expect(message).toContain('handlers/x/reports/bench.json')
    for (const problem of [
      'name must be',
      'generatedAt must be',
      'rows[0].value must be a number',
      'rows[0].met must be a boolean',
      'rows[1] is not an object',
    ])
      expect(message).toContain(problem)
  })

  it('rejects a baseline without a value and a NaN value', () => {
    const row = { label: 'a', value: Number.NaN, unit: 'ms', baseline: { label: 'b' } }
    expect(() => parseBenchReport({ ...valid, rows: [row] }, 'f')).toThrow(
      /rows\[0\]\.value must be a number[\s\S]*rows\[0\]\.baseline must be/,
    )
  })
})
