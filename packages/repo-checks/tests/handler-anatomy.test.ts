import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  handlerAnatomyProblems,
  handlerFolders,
  handlerVariant,
  REQUIRED_EDGE_HANDLER_DEPENDENCIES,
  REQUIRED_HANDLER_DEPENDENCIES,
  REQUIRED_HANDLER_FILES,
  REQUIRED_README_SECTIONS,
} from '../src/index.ts'
import { copyOfHandler } from './support/handler-copy.ts'

const repoRoot = resolve(import.meta.dirname, '../../..')

/**
 * Handlers not yet converted to the shared anatomy. Remove an entry once its folder complies:
 * the test fails while a listed handler already passes, so this list only shrinks.
 */
const KNOWN_ANATOMY_EXCEPTIONS: readonly string[] = []

const handlers = handlerFolders(repoRoot)

/** Rewrites one file of a scratch copy; an edit that does not apply fails the test. */
const edit = (folder: string, file: string, change: (text: string) => string) => {
  const path = join(folder, file)
  const before = readFileSync(path, 'utf8')
  const after = change(before)
  // A change that does not apply would make the test pass for the wrong reason.
  expect(after, `the edit of ${file} applies`).not.toBe(before)
  writeFileSync(path, after)
}

describe('every handler folder has the shared anatomy', () => {
  it('finds the handler folders', () => {
    expect(handlers.map((folder) => basename(folder))).toContain('eventbridge-events')
    for (const name of KNOWN_ANATOMY_EXCEPTIONS)
      expect(
        handlers.map((folder) => basename(folder)),
        name,
      ).toContain(name)
  })

  for (const folder of handlers) {
    const name = basename(folder)
    if (KNOWN_ANATOMY_EXCEPTIONS.includes(name)) {
      it(`${name} is a known exception that does not comply yet (remove it from the list once it does)`, () => {
        expect(handlerAnatomyProblems(folder)).not.toEqual([])
      })
    } else {
      it(`${name} complies`, () => {
        expect(handlerAnatomyProblems(folder)).toEqual([])
      })
    }
  }
})

describe('handlerFolders', () => {
  it('lists folders with a package.json or a src/, not the leftovers of a removed handler', () => {
    const root = mkdtempSync(join(tmpdir(), 'anatomy-root-'))
    try {
      for (const path of ['a/package.json', 'b/src/index.ts', 'c/dist/index.mjs']) {
        mkdirSync(dirname(join(root, 'handlers', path)), { recursive: true })
        writeFileSync(join(root, 'handlers', path), '{}')
      }
      expect(handlerFolders(root)).toEqual([join(root, 'handlers/a'), join(root, 'handlers/b')])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('handlerAnatomyProblems on a broken copy of eventbridge-events (the worked example)', () => {
  let remove = () => {}
  afterEach(() => remove())
  const brokenCopy = () => {
    const copy = copyOfHandler(join(repoRoot, 'handlers', 'eventbridge-events'))
    remove = copy.remove
    return copy.folder
  }

  it('finds nothing in the untouched copy', () => {
    expect(handlerAnatomyProblems(brokenCopy())).toEqual([])
  })

  for (const file of REQUIRED_HANDLER_FILES) {
    it(`names ${file} when it is removed`, () => {
      const folder = brokenCopy()
      rmSync(join(folder, file), { recursive: true })
      expect(handlerAnatomyProblems(folder)).toContain(`${file} is missing`)
    })
  }

  it('names an empty tests/support/', () => {
    const folder = brokenCopy()
    rmSync(join(folder, 'tests/support'), { recursive: true })
    mkdirSync(join(folder, 'tests/support'))
    expect(handlerAnatomyProblems(folder)).toContain('tests/support/ is empty')
  })

  it('names a test helper outside tests/support/', () => {
    const folder = brokenCopy()
    writeFileSync(join(folder, 'tests/local-handler.ts'), 'export const x = 1\n')
    expect(handlerAnatomyProblems(folder)).toEqual([
      'tests/local-handler.ts is a test helper outside tests/support/',
    ])
  })

  for (const dependency of REQUIRED_HANDLER_DEPENDENCIES) {
    it(`names ${dependency} missing from the dependencies`, () => {
      const folder = brokenCopy()
      edit(folder, 'package.json', (text) => {
        const manifest = JSON.parse(text)
        delete manifest.dependencies[dependency]
        return JSON.stringify(manifest, null, 2)
      })
      expect(handlerAnatomyProblems(folder)).toEqual([
        `package.json does not list ${dependency} in dependencies`,
      ])
    })
  }

  for (const section of REQUIRED_README_SECTIONS) {
    it(`names a README without "## ${section}"`, () => {
      const folder = brokenCopy()
      // The whole heading line, whatever it says after the name.
      const heading = new RegExp(`^## (The )?${section}.*$`, 'im')
      edit(folder, 'README.md', (text) => text.replace(heading, '## Renamed'))
      expect(handlerAnatomyProblems(folder)).toEqual([`README.md has no "## ${section}" section`])
    })
  }

  it('accepts "## The contract" and a heading that says more after the name', () => {
    const folder = brokenCopy()
    edit(folder, 'README.md', (text) =>
      text.replace('## Contract', '## The contract').replace('## Deploy', '## Deploy (CDK)'),
    )
    expect(handlerAnatomyProblems(folder)).toEqual([])
  })

  it('names a config.ts that reads process.env itself instead of readEnvironment', () => {
    const folder = brokenCopy()
    edit(folder, 'src/config.ts', (text) =>
      text
        .replace('readEnvironment(environment, env,', 'environment.parse(env,')
        .replace('readEnvironment, ', ''),
    )
    expect(handlerAnatomyProblems(folder)).toEqual([
      "src/config.ts must read the environment with readEnvironment from '@repo/runtime'",
    ])
  })

  it('names a config.ts on zod classic', () => {
    const folder = brokenCopy()
    edit(folder, 'src/config.ts', (text) => text.replace("from 'zod/mini'", "from 'zod'"))
    expect(handlerAnatomyProblems(folder)).toEqual([
      "src/config.ts imports 'zod' (classic): use 'zod/mini', as @repo/runtime's field schemas do",
    ])
  })

  it('names an index.ts whose handler is not wrapped in withRequestId', () => {
    const folder = brokenCopy()
    // Still a call, but not the one that binds the request id.
    edit(folder, 'src/index.ts', (text) =>
      text.replace('handler = withRequestId(', 'handler = Object.freeze('),
    )
    expect(handlerAnatomyProblems(folder)).toEqual([
      "src/index.ts must export `handler = withRequestId(createHandler(...))` (withRequestId from '@repo/runtime')",
    ])
  })

  it('names an index.ts that builds no store from the environment', () => {
    const folder = brokenCopy()
    edit(folder, 'src/index.ts', (text) => text.replace('store: storeFromEnvironment(),', ''))
    expect(handlerAnatomyProblems(folder)).toEqual([
      "src/index.ts must build the store with storeFromEnvironment() from '@repo/idempotency'",
    ])
  })

  it('names a handler.ts that does not export HandlerDependencies', () => {
    const folder = brokenCopy()
    edit(folder, 'src/handler.ts', (text) =>
      text.replace('export interface HandlerDependencies', 'interface HandlerDependencies'),
    )
    expect(handlerAnatomyProblems(folder)).toEqual([
      'src/handler.ts must export HandlerDependencies',
    ])
  })

  it('names HandlerDependencies without an injected store', () => {
    const folder = brokenCopy()
    edit(folder, 'src/handler.ts', (text) =>
      text.replace('  store: IdempotencyStore\n', '  idempotencyStore: IdempotencyStore\n'),
    )
    expect(handlerAnatomyProblems(folder)).toContain(
      'src/handler.ts HandlerDependencies must have `store` (injected, so tests can pass their own)',
    )
  })

  it('names a trigger.ts whose declaration is not made by defineHandler', () => {
    const folder = brokenCopy()
    edit(folder, 'src/trigger.ts', (text) =>
      text.replace('export const declaration = defineHandler({', 'export const declaration = ({'),
    )
    expect(handlerAnatomyProblems(folder)).toEqual([
      "src/trigger.ts must export `declaration = defineHandler({...})` (defineHandler from '@repo/triggers')",
    ])
  })

  it('names an error class whose name is not its own literal, or not override', () => {
    const folder = brokenCopy()
    edit(folder, 'src/errors.ts', (text) =>
      text
        .replace("override name = 'MalformedEventError'", "override name = 'BadEvent'")
        .replace(
          "override name = 'UnsupportedEventError'",
          "name = 'UnsupportedEventError' as string",
        )
        .replace("override name = 'HousekeepingIncompleteError'", ''),
    )
    expect(handlerAnatomyProblems(folder)).toEqual([
      "src/errors.ts UnsupportedEventError: name must be the literal 'UnsupportedEventError'",
      "src/errors.ts MalformedEventError: name must be the literal 'MalformedEventError'",
      "src/errors.ts HousekeepingIncompleteError does not set `override name = 'HousekeepingIncompleteError'`",
    ])
  })

  it('names a name property that is not declared override', () => {
    const folder = brokenCopy()
    edit(folder, 'src/errors.ts', (text) =>
      text.replace("override name = 'MalformedEventError'", "name = 'MalformedEventError'"),
    )
    expect(handlerAnatomyProblems(folder)).toEqual([
      'src/errors.ts MalformedEventError: name must be declared `override`',
    ])
  })

  it('names a source file that does not parse', () => {
    const folder = brokenCopy()
    edit(folder, 'src/errors.ts', (text) => `${text}\nexport class {\n`)
    expect(handlerAnatomyProblems(folder)).toEqual([
      expect.stringMatching(/^src\/errors\.ts does not parse: /),
    ])
  })
})

describe('the edge variant, on a copy of edge-gateway (Lambda@Edge: no environment, no store)', () => {
  let remove = () => {}
  afterEach(() => remove())
  const edgeCopy = () => {
    const copy = copyOfHandler(join(repoRoot, 'handlers', 'edge-gateway'))
    remove = copy.remove
    return copy.folder
  }

  it('tells the variants apart by the declaration: a cloudfront trigger is edge', () => {
    expect(handlerVariant(join(repoRoot, 'handlers', 'edge-gateway'))).toBe('edge')
    expect(handlerVariant(join(repoRoot, 'handlers', 'eventbridge-events'))).toBe('regional')
  })

  it('finds nothing in the untouched copy, which has no store and reads no environment', () => {
    expect(handlerAnatomyProblems(edgeCopy())).toEqual([])
  })

  it('names a config.ts that reads the environment (Lambda@Edge has none)', () => {
    const folder = edgeCopy()
    edit(folder, 'src/config.ts', (text) =>
      text.replace('(raw: unknown = baked)', '(raw: unknown = process.env.EDGE_CONFIG)'),
    )
    expect(handlerAnatomyProblems(folder)).toEqual([
      'src/config.ts reads the environment: Lambda@Edge has none; bake the configuration in at build time',
    ])
  })

  it('names an index.ts that builds an idempotency store', () => {
    const folder = edgeCopy()
    edit(folder, 'src/index.ts', (text) =>
      text
        .replace(
          "import { withRequestId } from '@repo/runtime'",
          "import { storeFromEnvironment } from '@repo/idempotency'\nimport { withRequestId } from '@repo/runtime'",
        )
        .replace(
          '{ config: loadConfig() }',
          '{ config: loadConfig(), store: storeFromEnvironment() }',
        ),
    )
    expect(handlerAnatomyProblems(folder)).toEqual([
      'src/index.ts builds an idempotency store: a Lambda@Edge handler has no environment to name its table and keeps no store',
    ])
  })

  it('still requires @repo/runtime and @repo/triggers, but not @repo/idempotency', () => {
    expect(REQUIRED_EDGE_HANDLER_DEPENDENCIES).toEqual(['@repo/runtime', '@repo/triggers'])
    const folder = edgeCopy()
    edit(folder, 'package.json', (text) => {
      const manifest = JSON.parse(text)
      delete manifest.dependencies['@repo/triggers']
      return JSON.stringify(manifest, null, 2)
    })
    expect(handlerAnatomyProblems(folder)).toEqual([
      'package.json does not list @repo/triggers in dependencies',
    ])
  })

  it('is the regional anatomy again once the declaration has no cloudfront trigger', () => {
    const folder = edgeCopy()
    edit(folder, 'src/trigger.ts', (text) => text.replaceAll("type: 'cloudfront'", "type: 'alb'"))
    expect(handlerAnatomyProblems(folder)).toEqual(
      expect.arrayContaining([
        'package.json does not list @repo/idempotency in dependencies',
        "src/index.ts must build the store with storeFromEnvironment() from '@repo/idempotency'",
        "src/config.ts must read the environment with readEnvironment from '@repo/runtime'",
      ]),
    )
  })
})
