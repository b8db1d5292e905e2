import { ConfigError } from '@repo/runtime'
import { expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'

it('names every missing or invalid variable at once', () => {
  const load = () =>
    loadConfig({ MAX_ARTIFACT_BYTES: 'lots', MAX_ENTRY_BYTES: '0', REPORT_MARGIN_MS: '-1' })
  expect(load).toThrow(ConfigError)
  expect(load).toThrow(
    /MAX_ARTIFACT_BYTES \("lots"\)[\s\S]*MAX_ENTRY_BYTES \("0"\)[\s\S]*REPORT_MARGIN_MS \("-1"\)/,
  )
})

it('reads a valid environment, with defaults', () => {
  expect(loadConfig({ DEFAULT_REQUIRED_FILES: ' a.js, b.js ,' })).toEqual({
    defaultRequiredFiles: ['a.js', 'b.js'],
    maxArtifactBytes: 100 * 1024 * 1024,
    maxEntryBytes: 100 * 1024 * 1024,
    maxInflatedBytes: 262_144_000,
    maxChecksPerInvocation: 10_000,
    reportMarginMs: 10_000,
  })
})
