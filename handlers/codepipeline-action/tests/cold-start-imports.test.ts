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

  it('loads only the semver function it needs, not the whole package', async () => {
    const semverFiles = (await imports).packageFiles('semver')
    expect(semverFiles).toContainEqual(expect.stringContaining('semver/functions/parse.js'))
    expect(semverFiles.filter((path) => /semver\/(index|ranges\/)/.test(path))).toEqual([])
  })

  // yauzl streams each entry through zlib and stops it at its declared size (the zip-bomb bound);
  // fflate's unzipSync inflates a lying entry to its end. The price is ~23 kB minified, kept here.
  it('unzips with yauzl on Node builtins (no worker_threads, no fflate), within 25 kB', async () => {
    const graph = await imports
    expect(graph.packageFiles('yauzl')).toContainEqual(expect.stringMatching(/yauzl\/index\.js$/))
    expect(graph.packageBytes('yauzl') + graph.packageBytes('pend')).toBeLessThan(25_000)
    expect(graph.packageFiles('fflate')).toEqual([])
    expect(Object.keys(graph.inputs).filter((path) => path.includes('worker'))).toEqual([])
  })
})
