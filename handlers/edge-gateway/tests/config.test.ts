import { configProblems } from '@repo/shared/harness'
import { describe, expect, it } from 'vitest'
import baked from '../edge-config.json' with { type: 'json' }
import { loadConfig } from '../src/config.ts'
import { EdgeConfigError } from '../src/errors.ts'
import { createHandler } from '../src/handler.ts'

const problemsOf = (raw: unknown) => configProblems(() => loadConfig(raw))

describe('the configuration baked into the bundle', () => {
  it('is valid as committed, frozen, and holds an Ed25519 key the handler accepts', () => {
    const config = loadConfig()
    expect(Object.isFrozen(config)).toBe(true)
    expect(config.protectedPathPrefixes).toEqual(['/jobs'])
    expect(config.albPathPrefixes).toEqual(['/jobs', '/objects', '/health'])
    expect(() => createHandler({ config })).not.toThrow()
  })

  it('names every bad field at once', () => {
    const problems = problemsOf({
      ...baked,
      httpsOnlyHosts: ['Gateway.Example.com'],
      protectedPathPrefixes: ['jobs'],
      tokenPublicKey: 'ssh-ed25519 AAAA',
      hstsMaxAgeSeconds: -1,
    })
    expect(problems).toEqual([
      expect.stringMatching(/^httpsOnlyHosts\.0: /),
      expect.stringMatching(/^protectedPathPrefixes\.0: /),
      expect.stringMatching(/^tokenPublicKey: /),
      expect.stringMatching(/^hstsMaxAgeSeconds: /),
    ])
  })

  it('refuses a public key of another algorithm when the handler is built (cold start)', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString()
    expect(() => createHandler({ config: loadConfig({ ...baked, tokenPublicKey: rsa }) })).toThrow(
      EdgeConfigError,
    )
  })
})
