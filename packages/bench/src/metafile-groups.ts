import type { Metafile } from 'esbuild'

export type BundleGroup = 'handler' | 'repo' | 'middy' | 'awsSdk' | 'other'

export interface BundleBreakdown {
  /** Minified bytes each group contributes to the output (esbuild's `bytesInOutput`). */
  bytes: Record<BundleGroup, number>
  /** Minified bytes per npm package in the `other` group, largest first, with who imports it. */
  otherPackages: { name: string; bytes: number; importedBy: string[] }[]
  /** Minified bytes per workspace package (`packages/triggers`) in the `repo` group, largest first. */
  repoPackages: { name: string; bytes: number }[]
}

const bySize = (sizes: Map<string, number>) =>
  [...sizes]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name))

const NODE_MODULES = 'node_modules/'

/** `../../node_modules/@smithy/core/dist-es/x.js` → `@smithy/core`; undefined outside node_modules. */
export const packageOf = (inputPath: string): string | undefined => {
  const at = inputPath.lastIndexOf(NODE_MODULES)
  if (at === -1) return undefined
  const [first = '', second = ''] = inputPath.slice(at + NODE_MODULES.length).split('/')
  return first.startsWith('@') ? `${first}/${second}` : first
}

/** The AWS SDK and the packages only it pulls in (credentials, signing, checksums, HTTP). */
const isAwsSdk = (name: string): boolean => /^@(aws-sdk|smithy|aws-crypto|aws)\//.test(name)

/**
 * Which group an esbuild input path belongs to. Paths are relative to the handler's folder
 * (esbuild's `absWorkingDir`); workspace packages appear by their real path (`../../packages/x`),
 * since esbuild follows npm's workspace symlinks.
 */
export const groupOf = (inputPath: string): BundleGroup => {
  const name = packageOf(inputPath)
  if (name === undefined) return inputPath.startsWith('../') ? 'repo' : 'handler'
  if (name.startsWith('@repo/')) return 'repo'
  if (name.startsWith('@middy/')) return 'middy'
  if (isAwsSdk(name)) return 'awsSdk'
  return 'other'
}

/** Who imported a file, in words: `src`, `packages/triggers`, or a package name. */
export const importerLabel = (inputPath: string): string => {
  const name = packageOf(inputPath)
  if (name !== undefined) return name
  if (!inputPath.startsWith('../')) return 'src'
  const parts = inputPath.split('/').filter((part) => part !== '..')
  const src = parts.indexOf('src')
  return (src > 0 ? parts.slice(0, src) : parts.slice(0, -1)).join('/')
}

const importersByPackage = (metafile: Metafile): Map<string, Set<string>> => {
  const importers = new Map<string, Set<string>>()
  for (const [path, input] of Object.entries(metafile.inputs))
    for (const { path: imported, external } of input.imports) {
      if (external) continue
      const name = packageOf(imported)
      if (name === undefined || groupOf(imported) !== 'other' || packageOf(path) === name) continue
      const set = importers.get(name) ?? new Set<string>()
      set.add(path)
      importers.set(name, set)
    }
  return importers
}

/**
 * Packages outside the named scopes that only the AWS SDK imports (`bowser`, `mnemonist`...)
 * count as SDK: the handler did not choose them. Repeated until nothing changes, so a dependency
 * of such a package follows it.
 */
export const sdkOnlyPackages = (
  metafile: Metafile,
  importers = importersByPackage(metafile),
): Set<string> => {
  const sdkOnly = new Set<string>()
  const isSdk = (path: string) => {
    const name = packageOf(path)
    return groupOf(path) === 'awsSdk' || (name !== undefined && sdkOnly.has(name))
  }
  for (let changed = true; changed; ) {
    changed = false
    for (const [name, paths] of importers)
      if (!sdkOnly.has(name) && [...paths].every(isSdk)) {
        sdkOnly.add(name)
        changed = true
      }
  }
  return sdkOnly
}

/** Sums the minified bytes of a one-output build by group. */
export const groupBundleBytes = (metafile: Metafile): BundleBreakdown => {
  const outputs = Object.values(metafile.outputs)
  if (outputs.length !== 1)
    throw new RangeError(`expected a build with one output file, got ${outputs.length}`)
  const importers = importersByPackage(metafile)
  const sdkOnly = sdkOnlyPackages(metafile, importers)
  const bytes: Record<BundleGroup, number> = { handler: 0, repo: 0, middy: 0, awsSdk: 0, other: 0 }
  const other = new Map<string, number>()
  const repo = new Map<string, number>()
  for (const [path, { bytesInOutput }] of Object.entries(outputs[0]?.inputs ?? {})) {
    const name = packageOf(path)
    const group = name !== undefined && sdkOnly.has(name) ? 'awsSdk' : groupOf(path)
    bytes[group] += bytesInOutput
    if (group === 'repo') {
      const label = importerLabel(path)
      repo.set(label, (repo.get(label) ?? 0) + bytesInOutput)
    }
    if (group === 'other') {
      other.set(name ?? path, (other.get(name ?? path) ?? 0) + bytesInOutput)
    }
  }
  const otherPackages = bySize(other).map((entry) => ({
    ...entry,
    importedBy: [...new Set([...(importers.get(entry.name) ?? [])].map(importerLabel))].sort(),
  }))
  return { bytes, otherPackages, repoPackages: bySize(repo) }
}
