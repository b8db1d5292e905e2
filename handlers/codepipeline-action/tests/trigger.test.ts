import { serializeUserParameters, triggerOfType } from '@repo/triggers'
import { expect, it } from 'vitest'
import { loadConfig } from '../src/config.ts'
import { declaration } from '../src/trigger.ts'
import { parseUserParameters } from '../src/user-parameters.ts'

it('declares an asynchronous CodePipeline invoke action', () => {
  expect(declaration.triggers.map((trigger) => trigger.type)).toEqual(['codepipeline'])
  expect(declaration.invocationMode).toBe('async')
  expect(declaration.asyncPolicy?.onFailure).toBeDefined()
})

it('its UserParameters and environment are ones the handler accepts', () => {
  const trigger = triggerOfType(declaration, 'codepipeline')
  expect(parseUserParameters(serializeUserParameters(trigger)).requiredFiles).toEqual([
    'dist/index.mjs',
  ])
  const environment = { ...declaration.function.environment }
  for (const resource of declaration.resources) {
    if (resource.environmentVariable) environment[resource.environmentVariable] = 'from-stack'
  }
  expect(() => loadConfig(environment)).not.toThrow()
})
