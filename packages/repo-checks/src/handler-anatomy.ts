import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import {
  type Class,
  type ImportDeclaration,
  type Program,
  parseSync,
  type StaticExport,
  type StaticImport,
  Visitor,
} from 'oxc-parser'

/**
 * The files every handler folder has (see "Anatomy of a handler" in the root README). A folder
 * ending in `/` must be a directory holding at least one file.
 */
export const REQUIRED_HANDLER_FILES = [
  'package.json',
  'README.md',
  'src/index.ts',
  'src/handler.ts',
  'src/config.ts',
  'src/trigger.ts',
  'src/errors.ts',
  'tests/support/',
  'tests/cold-start-imports.test.ts',
  'tests/config.test.ts',
  'tests/trigger.test.ts',
  'tests/stack.test.ts',
  'tests/bundle.test.ts',
  'infra/app.ts',
  'infra/stack.ts',
] as const

/** What a copier takes along: the packages `src/` runs on, listed as run-time dependencies. */
export const REQUIRED_HANDLER_DEPENDENCIES = [
  '@repo/runtime',
  '@repo/idempotency',
  '@repo/triggers',
] as const

/**
 * The README sections every handler shares, in any order; a heading may say more after the
 * name ("Configuration (checked at cold start)", "Test, build, run locally", "The contract").
 */
export const REQUIRED_README_SECTIONS = [
  'Trigger',
  'Configuration',
  'Contract',
  'Limits and refusals',
  'Test, build, run',
  'Deploy',
  'When you copy this folder',
] as const

/**
 * The anatomy has two variants. `regional` is every Lambda handler here. `edge` is a Lambda@Edge
 * handler (its src/trigger.ts declares a `cloudfront` trigger): CloudFront allows it no
 * environment variables and it keeps no idempotency store (a pure transform of the request; a
 * DynamoDB call per request from an edge location would be wrong), so it has the same files, but
 * `src/config.ts` checks a configuration baked in at build time and must not read the environment,
 * `src/index.ts` builds no store, `HandlerDependencies` has no `store`, and `@repo/idempotency`
 * is not a dependency. Everything else is checked alike.
 */
export type HandlerVariant = 'regional' | 'edge'

/** Run-time dependencies of an edge handler: no store, so no @repo/idempotency. */
export const REQUIRED_EDGE_HANDLER_DEPENDENCIES = ['@repo/runtime', '@repo/triggers'] as const

interface ParsedModule {
  program: Program
  imports: StaticImport[]
  exports: StaticExport[]
}

const parse = (path: string): ParsedModule | string => {
  const result = parseSync(path, readFileSync(path, 'utf8'), { sourceType: 'module' })
  if (result.errors.length > 0)
    return `does not parse: ${result.errors.map((error) => error.message).join('; ')}`
  return {
    program: result.program,
    imports: result.module.staticImports,
    exports: result.module.staticExports,
  }
}

/** The local names bound by `import { name } from 'source'` (renames followed). */
const importedAs = (module: ParsedModule, source: string, name: string): string | undefined => {
  for (const entry of module.imports) {
    if (entry.moduleRequest.value !== source) continue
    for (const specifier of entry.entries) {
      if (specifier.importName.kind === 'Name' && specifier.importName.name === name)
        return specifier.localName.value
    }
  }
  return undefined
}

const exportedNames = (module: ParsedModule): Set<string> =>
  new Set(
    module.exports.flatMap((declaration) =>
      declaration.entries.flatMap((entry) =>
        entry.exportName.name ? [entry.exportName.name] : [],
      ),
    ),
  )

/** Names of every function called by a plain identifier, e.g. `readEnvironment(...)`. */
const calledNames = (module: ParsedModule): Set<string> => {
  const names = new Set<string>()
  new Visitor({
    CallExpression(node) {
      if (node.callee.type === 'Identifier') names.add(node.callee.name)
    },
  }).visit(module.program)
  return names
}

/** `export const <name> = <callee>(...)`: the callee's name, if the export has that shape. */
const exportedCallee = (module: ParsedModule, name: string): string | undefined => {
  for (const statement of module.program.body) {
    if (statement.type !== 'ExportNamedDeclaration') continue
    if (statement.declaration?.type !== 'VariableDeclaration') continue
    for (const declarator of statement.declaration.declarations) {
      if (declarator.id.type !== 'Identifier' || declarator.id.name !== name) continue
      const init = declarator.init
      if (init?.type === 'CallExpression' && init.callee.type === 'Identifier')
        return init.callee.name
    }
  }
  return undefined
}

/** The member names of `interface <name>` declared in the module, if it declares one. */
const interfaceMembers = (module: ParsedModule, name: string): Set<string> | undefined => {
  let members: Set<string> | undefined
  new Visitor({
    TSInterfaceDeclaration(node) {
      if (node.id.name !== name) return
      members = new Set(
        node.body.body.flatMap((member) =>
          member.type === 'TSPropertySignature' && member.key.type === 'Identifier'
            ? [member.key.name]
            : [],
        ),
      )
    },
  }).visit(module.program)
  return members
}

/** `source` is imported, its `name` is imported from it, and called by that local name. */
const callsImported = (
  module: ParsedModule,
  source: string,
  name: string,
  calls: Set<string>,
): boolean => {
  const local = importedAs(module, source, name)
  return local !== undefined && calls.has(local)
}

/**
 * Each class must set `override name = '<its own class name>'`: a literal survives
 * minification, where `this.constructor.name` would not, and Lambda reports it as errorType.
 */
const errorClassProblems = (module: ParsedModule): string[] => {
  const problems: string[] = []
  const classes: Class[] = []
  new Visitor({
    ClassDeclaration(node) {
      classes.push(node)
    },
    ClassExpression(node) {
      classes.push(node)
    },
  }).visit(module.program)
  if (classes.length === 0) problems.push('declares no error class')
  for (const declared of classes) {
    const className = declared.id?.name ?? '(anonymous class)'
    if (declared.superClass === null) problems.push(`${className} extends nothing (extend Error)`)
    const nameProperty = declared.body.body.find(
      (member) =>
        member.type === 'PropertyDefinition' &&
        !member.static &&
        member.key.type === 'Identifier' &&
        member.key.name === 'name',
    )
    if (nameProperty?.type !== 'PropertyDefinition') {
      problems.push(`${className} does not set \`override name = '${className}'\``)
      continue
    }
    const value = nameProperty.value
    if (value?.type !== 'Literal' || value.value !== className) {
      problems.push(`${className}: name must be the literal '${className}'`)
    } else if (!nameProperty.override) {
      problems.push(`${className}: name must be declared \`override\``)
    }
  }
  return problems
}

const isImportDeclaration = (node: Program['body'][number]): node is ImportDeclaration =>
  node.type === 'ImportDeclaration'

/** `{ type: 'cloudfront' }` anywhere in the module: the declaration of a Lambda@Edge handler. */
const declaresCloudFrontTrigger = (module: ParsedModule): boolean => {
  let found = false
  new Visitor({
    Property(node) {
      if (
        node.key.type === 'Identifier' &&
        node.key.name === 'type' &&
        node.value.type === 'Literal' &&
        node.value.value === 'cloudfront'
      )
        found = true
    },
  }).visit(module.program)
  return found
}

/** `edge` when src/trigger.ts declares a cloudfront trigger, else `regional`. */
export const handlerVariant = (folder: string): HandlerVariant => {
  const path = join(folder, 'src/trigger.ts')
  if (!existsSync(path)) return 'regional'
  const module = parse(path)
  return typeof module !== 'string' && declaresCloudFrontTrigger(module) ? 'edge' : 'regional'
}

/** Whether the module reads `process.env` anywhere. */
const readsProcessEnv = (module: ParsedModule): boolean => {
  let found = false
  new Visitor({
    MemberExpression(node) {
      if (
        node.object.type === 'Identifier' &&
        node.object.name === 'process' &&
        node.property.type === 'Identifier' &&
        node.property.name === 'env'
      )
        found = true
    },
  }).visit(module.program)
  return found
}

type SourceCheck = (module: ParsedModule, variant: HandlerVariant) => string[]

/** Per-file checks of the source conventions: `[file, check]`; a check returns problems. */
const SOURCE_CHECKS: [string, SourceCheck][] = [
  [
    'src/index.ts',
    (module, variant) => {
      const problems: string[] = []
      const calls = calledNames(module)
      const wrapper = importedAs(module, '@repo/runtime', 'withRequestId')
      if (wrapper === undefined || exportedCallee(module, 'handler') !== wrapper)
        problems.push(
          "must export `handler = withRequestId(createHandler(...))` (withRequestId from '@repo/runtime')",
        )
      if (!callsImported(module, './handler.ts', 'createHandler', calls))
        problems.push("must call createHandler from './handler.ts'")
      if (!callsImported(module, './config.ts', 'loadConfig', calls))
        problems.push("must call loadConfig from './config.ts' (at module scope: cold start)")
      const buildsStore = callsImported(module, '@repo/idempotency', 'storeFromEnvironment', calls)
      if (variant === 'regional' && !buildsStore)
        problems.push("must build the store with storeFromEnvironment() from '@repo/idempotency'")
      if (variant === 'edge' && buildsStore)
        problems.push(
          'builds an idempotency store: a Lambda@Edge handler has no environment to name its table and keeps no store',
        )
      return problems
    },
  ],
  [
    'src/handler.ts',
    (module, variant) => {
      const exported = exportedNames(module)
      const problems: string[] = []
      for (const name of ['createHandler', 'HandlerDependencies'])
        if (!exported.has(name)) problems.push(`must export ${name}`)
      const members = interfaceMembers(module, 'HandlerDependencies')
      for (const name of variant === 'edge' ? ['config'] : ['config', 'store'])
        if (members !== undefined && !members.has(name))
          problems.push(
            `HandlerDependencies must have \`${name}\` (injected, so tests can pass their own)`,
          )
      if (!module.imports.some((entry) => entry.moduleRequest.value === '@middy/core'))
        problems.push("must build the chain with middy from '@middy/core'")
      return problems
    },
  ],
  [
    'src/config.ts',
    (module, variant) => {
      const exported = exportedNames(module)
      const problems: string[] = []
      const readsEnvironment = callsImported(
        module,
        '@repo/runtime',
        'readEnvironment',
        calledNames(module),
      )
      if (variant === 'regional' && !readsEnvironment)
        problems.push("must read the environment with readEnvironment from '@repo/runtime'")
      if (variant === 'edge' && (readsEnvironment || readsProcessEnv(module)))
        problems.push(
          'reads the environment: Lambda@Edge has none; bake the configuration in at build time',
        )
      for (const name of ['loadConfig', 'Config'])
        if (!exported.has(name)) problems.push(`must export ${name}`)
      // One reader of process.env: a second path would skip the one ConfigError.
      if (
        module.program.body.filter(isImportDeclaration).some((node) => node.source.value === 'zod')
      )
        problems.push(
          "imports 'zod' (classic): use 'zod/mini', as @repo/runtime's field schemas do",
        )
      return problems
    },
  ],
  [
    'src/trigger.ts',
    (module) =>
      exportedCallee(module, 'declaration') ===
      importedAs(module, '@repo/triggers', 'defineHandler')
        ? []
        : [
            "must export `declaration = defineHandler({...})` (defineHandler from '@repo/triggers')",
          ],
  ],
  ['src/errors.ts', errorClassProblems],
]

const listFiles = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(entry.parentPath, entry.name)
    return entry.isDirectory() ? listFiles(path) : [path]
  })

const fileProblems = (folder: string): string[] =>
  REQUIRED_HANDLER_FILES.flatMap((file) => {
    const path = join(folder, file)
    if (file.endsWith('/')) {
      if (!existsSync(path) || !statSync(path).isDirectory()) return [`${file} is missing`]
      return listFiles(path).length > 0 ? [] : [`${file} is empty`]
    }
    return existsSync(path) && statSync(path).isFile() ? [] : [`${file} is missing`]
  })

/** Test helpers live in tests/support/; everything else under tests/ is a test file. */
const strayTestHelpers = (folder: string): string[] => {
  const tests = join(folder, 'tests')
  if (!existsSync(tests)) return []
  return listFiles(tests)
    .map((path) => relative(folder, path).split('\\').join('/'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .filter((file) => !file.startsWith('tests/support/'))
    .map((file) => `${file} is a test helper outside tests/support/`)
}

const packageProblems = (folder: string, variant: HandlerVariant): string[] => {
  const path = join(folder, 'package.json')
  if (!existsSync(path)) return []
  let manifest: { dependencies?: Record<string, string> }
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    return [`package.json is not JSON (${(error as Error).message})`]
  }
  const dependencies = manifest.dependencies ?? {}
  const required =
    variant === 'edge' ? REQUIRED_EDGE_HANDLER_DEPENDENCIES : REQUIRED_HANDLER_DEPENDENCIES
  return required
    .filter((name) => !Object.hasOwn(dependencies, name))
    .map((name) => `package.json does not list ${name} in dependencies`)
}

const headingMatches = (heading: string, section: string): boolean =>
  heading
    .replace(/^the\s+/i, '')
    .toLowerCase()
    .startsWith(section.toLowerCase())

const readmeProblems = (folder: string): string[] => {
  const path = join(folder, 'README.md')
  if (!existsSync(path)) return []
  const headings = readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line) => (line.startsWith('## ') ? [line.slice(3).trim()] : []))
  return REQUIRED_README_SECTIONS.filter(
    (section) => !headings.some((heading) => headingMatches(heading, section)),
  ).map((section) => `README.md has no "## ${section}" section`)
}

const sourceProblems = (folder: string, variant: HandlerVariant): string[] =>
  SOURCE_CHECKS.flatMap(([file, check]) => {
    const path = join(folder, file)
    if (!existsSync(path)) return []
    const module = parse(path)
    if (typeof module === 'string') return [`${file} ${module}`]
    return check(module, variant).map((problem) => `${file} ${problem}`)
  })

/**
 * Everything in `folder` (one handler) that departs from the shared anatomy, one line each,
 * prefixed by the file concerned; an empty list means the folder complies.
 */
export const handlerAnatomyProblems = (folder: string): string[] => {
  const variant = handlerVariant(folder)
  return [
    ...fileProblems(folder),
    ...strayTestHelpers(folder),
    ...packageProblems(folder, variant),
    ...readmeProblems(folder),
    ...sourceProblems(folder, variant),
  ]
}

/**
 * The handler folders under `<root>/handlers`: each with a package.json or a src/ (so one that
 * lost its package.json is still checked), not the leftovers of a removed handler (dist/ only).
 */
export const handlerFolders = (root: string): string[] => {
  const handlers = join(root, 'handlers')
  return readdirSync(handlers, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(handlers, entry.name))
    .filter((folder) => existsSync(join(folder, 'package.json')) || existsSync(join(folder, 'src')))
    .sort()
}
