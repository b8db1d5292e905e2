import { fileURLToPath } from 'node:url'
import { bundleInputs } from '@repo/shared/harness'
import { expect, it } from 'vitest'

// The entry reads the trigger filter from src/trigger-filter.ts: reaching src/trigger.ts would
// load @repo/triggers, zod and aws-cron-parser on every cold start (+~70 ms, +490 kB measured).
it('keeps the trigger declaration out of the Lambda bundle', async () => {
  const inputs = await bundleInputs(fileURLToPath(new URL('../src/index.ts', import.meta.url)))
  const declarationFiles = Object.keys(inputs).filter((path) =>
    /packages\/triggers|node_modules\/(zod|aws-cron-parser)\/|src\/trigger\.ts$/.test(path),
  )
  expect(declarationFiles).toEqual([])
})
