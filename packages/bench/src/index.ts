export type { BenchReport, BenchRow } from './report.ts'
export { BenchReportError, parseBenchReport } from './report.ts'
