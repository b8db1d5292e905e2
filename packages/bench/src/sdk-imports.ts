/**
 * The SDK-only cold-start baseline: a bundle that imports exactly the AWS SDK bindings a handler
 * imports (read from its own source and its workspace packages) and constructs each client once,
 * as the handler does at cold start, and nothing else.
 */
export interface SdkImport {
  /** `@aws-sdk/client-s3` */
  specifier: string
  /** Imported binding names (not local aliases); type-only bindings are left out. */
  names: string[]
}

const IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/[^'"]+)['"]/g

/** Named value imports from `@aws-sdk/*` in one TypeScript source file. */
export const parseSdkImports = (source: string): SdkImport[] => {
  const imports: SdkImport[] = []
  for (const [, typeOnly, list = '', specifier = ''] of source.matchAll(IMPORT)) {
    if (typeOnly) continue
    const names = list
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '' && !part.startsWith('type '))
      .map((part) => part.split(/\s+as\s+/)[0]?.trim() ?? '')
      .filter((name) => name !== '')
    if (names.length > 0) imports.push({ specifier, names })
  }
  return imports
}

/** One entry per package, names deduplicated and sorted, packages sorted: a stable baseline. */
export const mergeSdkImports = (imports: readonly SdkImport[]): SdkImport[] => {
  const bySpecifier = new Map<string, Set<string>>()
  for (const { specifier, names } of imports) {
    const set = bySpecifier.get(specifier) ?? new Set<string>()
    for (const name of names) set.add(name)
    bySpecifier.set(specifier, set)
  }
  return [...bySpecifier]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([specifier, names]) => ({ specifier, names: [...names].sort() }))
}

/** `S3Client` from `@aws-sdk/client-s3`: a service client the handler constructs at cold start. */
const isServiceClient = (specifier: string, name: string): boolean =>
  specifier.startsWith('@aws-sdk/client-') && /^[A-Z]\w*Client$/.test(name)

/** ESM source of the baseline: every binding exported (so none is tree-shaken), every client built. */
export const sdkOnlySource = (imports: readonly SdkImport[]): string => {
  const lines: string[] = []
  const bindings: string[] = []
  const clients: string[] = []
  for (const { specifier, names } of mergeSdkImports(imports)) {
    const aliased = names.map((name) => {
      const local = `sdk${bindings.length}`
      bindings.push(local)
      if (isServiceClient(specifier, name)) clients.push(local)
      return `${name} as ${local}`
    })
    lines.push(`import { ${aliased.join(', ')} } from '${specifier}'`)
  }
  lines.push(`export const bindings = [${bindings.join(', ')}]`)
  lines.push(`export const clients = [${clients.map((c) => `new ${c}({})`).join(', ')}]`)
  lines.push('export const handler = async () => clients.length')
  return `${lines.join('\n')}\n`
}

/** The bare baseline: a handler that does nothing, so Node's own ESM start-up is visible. */
export const BARE_HANDLER_SOURCE = 'export const handler = async () => ({ ok: true })\n'
