import type { App } from 'aws-cdk-lib'
import { describe, expect, it } from 'vitest'
import {
  commonHandlerStackChecks,
  HandlerStack,
  type HandlerStackModule,
  handlerStackUnderTest,
  StackCheckError,
  synthesizeHandlerStack,
} from '../src/index.ts'
import { snsDeclaration } from './support/declarations.ts'
import { fakeBundleDir } from './support/fake-bundle.ts'

const moduleWith = (permissions: HandlerStackModule['permissions']): HandlerStackModule => {
  const bundleDir = fakeBundleDir()
  return {
    declaration: snsDeclaration,
    bundleDir,
    permissions,
    createStack: (app: App) =>
      new HandlerStack(app, { declaration: snsDeclaration, bundleDir, permissions }),
  }
}

const runAll = (module: HandlerStackModule) => {
  return commonHandlerStackChecks(handlerStackUnderTest(module)).map((check) => {
    try {
      check.run()
      return [check.name, 'ok']
    } catch (error) {
      return [check.name, (error as Error).message]
    }
  })
}

describe('commonHandlerStackChecks', () => {
  it('passes a stack built from its declaration, and includes the async policy check', () => {
    const results = runAll(moduleWith({}))
    expect(results.map(([name]) => name)).toContain(
      'applies the declared async policy: retries, event age, on-failure queue',
    )
    expect(results.filter(([, outcome]) => outcome !== 'ok')).toEqual([])
  })

  it('fails, naming the resource, when the test expects other grants than the stack has', () => {
    const module = moduleWith({})
    const synthesized = synthesizeHandlerStack(module)
    const claimed = { ...module, permissions: { IdempotencyTable: ['dynamodb:GetItem' as const] } }
    const leastPrivilege = commonHandlerStackChecks({
      ...handlerStackUnderTest(claimed),
      synthesized: () => synthesized,
    }).find((check) => check.name.startsWith('grants exactly'))
    expect(() => leastPrivilege?.run()).toThrow(StackCheckError)
    expect(() => leastPrivilege?.run()).toThrow(
      /IdempotencyTable: granted \[.*\], declared \[dynamodb:GetItem\]/,
    )
  })

  it('refuses to synthesize without a built bundle', () => {
    const module = { ...moduleWith({}), bundleDir: '/nonexistent/dist' }
    expect(() => synthesizeHandlerStack(module)).toThrow(/npm run build -w @repo\/tiny-sns/)
  })
})
