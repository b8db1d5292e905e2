import { coldStartImports, coldStartRuleViolations } from '@repo/shared/harness'
import { describe, expect, it } from 'vitest'

// What Lambda loads at init is the bundle of src/index.ts: anything reachable from it is paid on
// every cold start. The trigger declaration (@repo/triggers, zod classic, aws-cron-parser) added
// ~70 ms and ~490 kB when an entry reached it; it is for infra and the local runner only.
const imports = coldStartImports(new URL('../src/index.ts', import.meta.url))

describe('the cold-start import graph of src/index.ts', () => {
  it('keeps the trigger declaration and zod classic out, and zod/mini within budget', async () => {
    expect(coldStartRuleViolations(await imports)).toEqual([])
  })
})
