import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { cloudFrontRequestEvent } from '@repo/shared'
import { importIsolatedBundle, invoke } from '@repo/shared/harness'
import { edgeBundleIssue, triggersOfType } from '@repo/triggers'
import type { CloudFrontRequest, CloudFrontResultResponse, Handler } from 'aws-lambda'
import { afterAll, describe, expect, it } from 'vitest'
import { buildEdgeBundle, EDGE_BUILD_OPTIONS } from '../build.ts'
import baked from '../edge-config.json' with { type: 'json' }
import { declaration } from '../src/trigger.ts'
import { AUDIENCE } from './support/config.ts'
import { newSigningKey, signToken } from './support/tokens.ts'

const distBundle = new URL('../dist/index.mjs', import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), 'edge-gateway-build-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('the built bundle', () => {
  it('fits the 1 MB compressed package limit of its viewer events', () => {
    const eventTypes = triggersOfType(declaration, 'cloudfront').map((t) => t.eventType)
    // A zip stores each file deflated: the raw deflate size is what counts, plus a few headers.
    const compressed = deflateRawSync(readFileSync(distBundle), { level: 9 }).length
    expect(edgeBundleIssue(eventTypes, compressed + 1024)).toBeUndefined()
  })

  it('is built by `npm run build` with the options build.ts bakes other configurations with', () => {
    const script = (
      JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
        scripts: { build: string }
      }
    ).scripts.build
    const { banner, ...flags } = EDGE_BUILD_OPTIONS
    for (const [name, value] of Object.entries(flags))
      expect(script).toContain(value === true ? `--${name}` : `--${name}=${value}`)
    expect(script).toContain(`--banner:js="${banner.js}"`)
  })

  it('keeps node:http out: importing it would cost every new edge instance ~30 ms (bench/)', () => {
    expect(readFileSync(distBundle, 'utf8')).not.toMatch(/["']node:http["']/)
  })

  it('runs on its own (no node_modules) with a configuration baked at build time', async () => {
    const key = newSigningKey()
    const configFile = join(work, 'test-config.json')
    writeFileSync(configFile, JSON.stringify({ ...baked, tokenPublicKey: key.publicKeyPem }))
    const outfile = join(work, 'dist', 'index.mjs')
    await buildEdgeBundle({ configFile, outfile })
    expect(readFileSync(outfile, 'utf8')).toContain(key.publicKeyPem.split('\n')[1] as string)

    const bundle = await importIsolatedBundle<{ handler: Handler }>(outfile)
    try {
      const token = signToken(key.privateKey, {
        sub: 'bundle',
        aud: AUDIENCE,
        exp: Math.floor(Date.now() / 1000) + 60,
      })
      const allowed = await invoke(
        bundle.module.handler,
        cloudFrontRequestEvent({ uri: '/jobs/1', headers: { Authorization: `Bearer ${token}` } }),
      )
      expect(allowed.status === 'success' && (allowed.result as CloudFrontRequest).uri).toBe(
        '/jobs/1',
      )
      const refused = await invoke(
        bundle.module.handler,
        cloudFrontRequestEvent({ uri: '/jobs/1' }),
      )
      expect(
        refused.status === 'success' && (refused.result as CloudFrontResultResponse).status,
      ).toBe('401')
    } finally {
      await bundle.remove()
    }
  })
})
