import type { Metafile } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { groupBundleBytes, groupOf, importerLabel, packageOf } from '../src/metafile-groups.ts'

const NM = '../../node_modules'

/** A metafile as esbuild writes it for `handlers/<name>` (paths relative to that folder). */
const metafile = (
  files: Record<string, { bytes: number; imports?: string[] }>,
  outputs = 1,
): Metafile => ({
  inputs: Object.fromEntries(
    Object.entries(files).map(([path, { imports = [] }]) => [
      path,
      { bytes: 0, imports: imports.map((p) => ({ path: p, kind: 'import-statement' as const })) },
    ]),
  ),
  outputs: Object.fromEntries(
    Array.from({ length: outputs }, (_, i) => [
      `dist/index${i}.mjs`,
      {
        bytes: 0,
        imports: [],
        exports: ['handler'],
        inputs: Object.fromEntries(
          Object.entries(files).map(([path, { bytes }]) => [path, { bytesInOutput: bytes }]),
        ),
      },
    ]),
  ),
})

describe('packageOf and groupOf', () => {
  it('names the package after the last node_modules, scoped or not', () => {
    expect(packageOf(`${NM}/@smithy/core/dist-es/index.js`)).toBe('@smithy/core')
    expect(packageOf(`${NM}/a/node_modules/zod/v4/index.js`)).toBe('zod')
    expect(packageOf('src/handler.ts')).toBeUndefined()
  })

  it('sorts handler source, workspace packages, Middy, the SDK and the rest apart', () => {
    expect(groupOf('src/handler.ts')).toBe('handler')
    expect(groupOf('../../packages/idempotency/src/core.ts')).toBe('repo')
    expect(groupOf(`${NM}/@repo/triggers/src/index.ts`)).toBe('repo')
    expect(groupOf(`${NM}/@middy/core/index.js`)).toBe('middy')
    expect(groupOf(`${NM}/@aws-sdk/client-s3/dist-es/index.js`)).toBe('awsSdk')
    expect(groupOf(`${NM}/@aws-crypto/crc32/build/index.js`)).toBe('awsSdk')
    expect(groupOf(`${NM}/zod/v4/classic/index.js`)).toBe('other')
  })

  it('labels importers by workspace folder or package', () => {
    expect(importerLabel('../../packages/triggers/src/s3.ts')).toBe('packages/triggers')
    expect(importerLabel('src/config.ts')).toBe('src')
    expect(importerLabel(`${NM}/aws-cron-parser/lib/index.js`)).toBe('aws-cron-parser')
  })
})

describe('groupBundleBytes', () => {
  const files = {
    'src/index.ts': {
      bytes: 1_000,
      imports: [`${NM}/zod/index.js`, '../../packages/triggers/src/index.ts'],
    },
    '../../packages/idempotency/src/core.ts': { bytes: 2_000 },
    '../../packages/triggers/src/index.ts': { bytes: 500, imports: [`${NM}/cron/index.js`] },
    [`${NM}/@middy/core/index.js`]: { bytes: 300 },
    [`${NM}/@aws-sdk/client-s3/index.js`]: {
      bytes: 10_000,
      imports: [`${NM}/@smithy/core/index.js`],
    },
    [`${NM}/@smithy/core/index.js`]: { bytes: 5_000, imports: [`${NM}/mnemonist/lru.js`] },
    // Only the SDK imports mnemonist, and only mnemonist imports obliterator: both are SDK bytes.
    [`${NM}/mnemonist/lru.js`]: { bytes: 70, imports: [`${NM}/obliterator/iter.js`] },
    [`${NM}/obliterator/iter.js`]: { bytes: 30 },
    [`${NM}/zod/index.js`]: { bytes: 400, imports: [`${NM}/zod/locales.js`] },
    [`${NM}/zod/locales.js`]: { bytes: 100 },
    [`${NM}/cron/index.js`]: { bytes: 80 },
  }

  it('sums minified bytes by group, counting packages only the SDK pulls in as SDK', () => {
    const { bytes } = groupBundleBytes(metafile(files))
    expect(bytes).toEqual({ handler: 1_000, repo: 2_500, middy: 300, awsSdk: 15_100, other: 580 })
  })

  it('lists the other packages by size with who imports them, and workspace packages by size', () => {
    const { otherPackages, repoPackages } = groupBundleBytes(metafile(files))
    expect(otherPackages).toEqual([
      { name: 'zod', bytes: 500, importedBy: ['src'] },
      { name: 'cron', bytes: 80, importedBy: ['packages/triggers'] },
    ])
    expect(repoPackages).toEqual([
      { name: 'packages/idempotency', bytes: 2_000 },
      { name: 'packages/triggers', bytes: 500 },
    ])
  })

  it('keeps a package in other when the handler imports it too, even if the SDK also does', () => {
    const shared = {
      ...files,
      'src/index.ts': {
        bytes: 1_000,
        imports: [...files['src/index.ts'].imports, `${NM}/mnemonist/lru.js`],
      },
    }
    const { otherPackages } = groupBundleBytes(metafile(shared))
    expect(otherPackages.map((p) => [p.name, p.importedBy])).toEqual([
      ['zod', ['src']],
      ['cron', ['packages/triggers']],
      ['mnemonist', ['@smithy/core', 'src']],
      ['obliterator', ['mnemonist']],
    ])
  })

  it('refuses a build with more than one output (code splitting would double count)', () => {
    expect(() => groupBundleBytes(metafile(files, 2))).toThrow(/one output file/)
  })
})
