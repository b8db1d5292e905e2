import { ConfigError } from '@repo/runtime'
import { describe, expect, it } from 'vitest'
import { configProblems } from '../../src/harness/index.ts'

describe('configProblems', () => {
  it("lists a ConfigError's problems, and nothing when the config loads", () => {
    expect(
      configProblems(() => {
        throw new ConfigError(['A is not set', 'B ("x") must be a number'])
      }),
    ).toEqual(['A is not set', 'B ("x") must be a number'])
    expect(configProblems(() => ({ ok: true }))).toEqual([])
  })

  it('rethrows any other error', () => {
    expect(() =>
      configProblems(() => {
        throw new TypeError('boom')
      }),
    ).toThrow(TypeError)
  })
})
