import type { BenchReport, BenchRow } from './report.ts'

export interface Machine {
  node: string
  cpu: string
  cores: number
  memoryGiB: number
  platform: string
  date: string
}

const decimalsFor = (value: number): number => {
  if (Number.isInteger(value)) return 0
  const size = Math.abs(value)
  return size >= 100 ? 0 : size >= 10 ? 1 : 2
}

const plain = (value: number): string => value.toFixed(decimalsFor(value))

/** `1253404, 'bytes'` → `1.25 MB`; SI units, so `40 kB` means 40,000 bytes. */
export const formatValue = (value: number, unit: string): string => {
  if (unit === 'bytes') {
    if (Math.abs(value) >= 1_000_000) return `${(value / 1_000_000).toFixed(2)} MB`
    if (Math.abs(value) >= 1_000) return `${(value / 1_000).toFixed(1)} kB`
    return `${value} B`
  }
  return unit === '' ? plain(value) : `${plain(value)} ${unit}`
}

export const formatRatio = (ratio: number): string => `${ratio.toFixed(2)}×`

export const formatMet = (met: boolean | undefined): string =>
  met === undefined ? '' : met ? '✅ met' : '❌ missed'

/** A table cell: pipes would end the cell and newlines the row. */
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

const rowCells = (suite: string, row: BenchRow): string[] => [
  suite,
  row.detail ? `${row.label} (${row.detail})` : row.label,
  formatValue(row.value, row.unit),
  row.baseline ? `${row.baseline.label}: ${formatValue(row.baseline.value, row.unit)}` : '',
  row.ratio === undefined ? '' : formatRatio(row.ratio),
  row.target ?? '',
  formatMet(row.met),
]

const HEADER = ['suite', 'benchmark', 'value', 'baseline', 'ratio', 'target', 'met']

/** One Markdown table, every suite's rows in order. */
export const renderTable = (reports: readonly BenchReport[]): string => {
  const lines = [HEADER, HEADER.map(() => '---')].map((cells) => `| ${cells.join(' | ')} |`)
  for (const report of reports)
    for (const row of report.rows)
      lines.push(`| ${rowCells(report.name, row).map(cell).join(' | ')} |`)
  return lines.join('\n')
}

export const countTargets = (reports: readonly BenchReport[]): { met: number; total: number } => {
  const judged = reports.flatMap((r) => r.rows).filter((row) => row.met !== undefined)
  return { met: judged.filter((row) => row.met).length, total: judged.length }
}

/**
 * The whole of `bench/RESULTS.md`. `sections` are whole Markdown sections measured outside
 * `npm run bench` (bench/sections/*.md, e.g. the mutation score), appended as they are.
 */
export const renderResults = (
  machine: Machine,
  reports: readonly BenchReport[],
  sections: readonly string[] = [],
): string => {
  const { met, total } = countTargets(reports)
  const notes = reports.filter((r) => r.notes && r.notes.length > 0)
  return [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (`packages/bench`); do not edit by hand. One run on one machine:',
    'compare each row with its baseline, measured in the same run, rather than across machines.',
    'Targets are reported, never enforced: no benchmark fails CI on a number.',
    '',
    `- Date: ${machine.date}`,
    `- Node: ${machine.node} (${machine.platform})`,
    `- CPU: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM`,
    `- Targets met: ${met} of ${total}`,
    '',
    renderTable(reports),
    ...(notes.length > 0 ? ['', '## Notes'] : []),
    ...notes.flatMap((r) => ['', `### ${r.name}`, '', ...(r.notes ?? []).map((n) => `- ${n}`)]),
    ...sections.flatMap((section) => ['', section.trim()]),
    '',
  ].join('\n')
}
