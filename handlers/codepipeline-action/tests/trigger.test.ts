import { serializeUserParameters } from '@repo/triggers'
import { expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { declaration } from '../src/trigger.ts'
import { parseUserParameters } from '../src/user-parameters.ts'

it('declares an asynchronous CodePipeline invoke action', () => {
  expect(declaration.trigger.type).toBe('codepipeline')
  expect(declaration.invocationMode).toBe('async')
  expect(declaration.asyncPolicy?.onFailure).toBeDefined()
})

it('its UserParameters and environment are ones the handler accepts', () => {
  if (declaration.trigger.type !== 'codepipeline') throw new Error('not a codepipeline trigger')
  expect(parseUserParameters(serializeUserParameters(declaration.trigger)).requiredFiles).toEqual([
    'dist/index.mjs',
  ])
  const environment = { ...declaration.function.environment }
  for (const resource of declaration.resources) {
    if (resource.environmentVariable) environment[resource.environmentVariable] = 'from-stack'
  }
  expect(() => loadConfig(environment)).not.toThrow()
})
