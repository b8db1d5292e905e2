import { existsSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { albRequest } from '@repo/shared'
import {
  applyEnv,
  importIsolatedBundle,
  invoke,
  readQueue,
  useLocalAws,
} from '@repo/shared/harness'
import type { ALBEvent, ALBResult, Handler } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  albShapeProblems,
  handlerEnv,
  JOBS_QUEUE,
  localAwsOptions,
} from './support/local-handler.ts'

const aws = useLocalAws({ beforeAll, afterAll }, localAwsOptions)
const bundleFile = fileURLToPath(new URL('../dist/index.mjs', import.meta.url))

describe('dist/index.mjs (npm run build -w @repo/alb-http)', () => {
  it('exists: turbo builds it before the tests run', () => {
    expect(existsSync(bundleFile), 'run `npm run build -w @repo/alb-http` first').toBe(true)
  })

  it('runs with no node_modules around it and serves requests against local AWS', async () => {
    const restore = applyEnv(handlerEnv(aws()))
    const bundle = await importIsolatedBundle<{ handler: Handler<ALBEvent, ALBResult> }>(bundleFile)
    try {
      const health = await invoke(
        bundle.module.handler,
        albRequest({ path: '/health', multiValue: true }),
      )
      expect(health.status === 'success' && health.result.statusCode).toBe(200)

      const post = albRequest({
        method: 'POST',
        path: '/jobs',
        body: JSON.stringify({ type: 'bundled', payload: {} }),
        headers: { 'idempotency-key': 'bundle-test-1' },
      })
      const created = await invoke(bundle.module.handler, post)
      if (created.status !== 'success') throw new Error(`invocation ${created.status}`)
      expect(created.result.statusCode).toBe(202)
      expect(albShapeProblems(created.result, false)).toEqual([])
      const messages = await readQueue(aws(), JOBS_QUEUE)
      expect(messages.map((message) => message.attributes.type)).toEqual(['bundled'])
    } finally {
      restore()
      await bundle.remove()
    }
  })

  it('refuses to start with a ConfigError naming the missing variables', async () => {
    const restore = applyEnv({ JOBS_QUEUE_URL: undefined, FILES_BUCKET: undefined })
    const copies = () => readdirSync(tmpdir()).filter((name) => name.startsWith('lambda-bundle-'))
    const before = new Set(copies())
    try {
      await expect(importIsolatedBundle(bundleFile)).rejects.toThrow(
        /JOBS_QUEUE_URL is not set[\s\S]*FILES_BUCKET is not set/,
      )
    } finally {
      restore()
      // A failed import never hands back `remove`: delete the copy it left behind.
      for (const name of copies()) {
        if (!before.has(name)) rmSync(join(tmpdir(), name), { recursive: true, force: true })
      }
    }
  })
})
