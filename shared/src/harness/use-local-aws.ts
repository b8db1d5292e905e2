import { applyEnv } from './env.ts'
import { LocalAwsError } from './errors.ts'
import { type LocalAws, type LocalAwsOptions, startLocalAws } from './local-aws.ts'

/** The two hooks we need; vitest's (and node:test's `before`/`after`) fit. */
export interface SuiteHooks {
  beforeAll(run: () => Promise<void>): void
  afterAll(run: () => Promise<void>): void
}

export interface UseLocalAwsOptions extends LocalAwsOptions {
  /** Put `aws.env` into process.env for the file (restored after). Default true. */
  applyEnv?: boolean
}

/**
 * One local AWS per test file: started in `beforeAll`, stopped (and the environment restored)
 * in `afterAll`. The hooks are passed in so the harness does not import vitest at runtime:
 *
 *   const aws = useLocalAws({ beforeAll, afterAll }, { queues: ['dlq'] })
 *   it('...', async () => { await aws().clients.sqs.send(...) })
 */
export const useLocalAws = (
  hooks: SuiteHooks,
  options: UseLocalAwsOptions = {},
): (() => LocalAws) => {
  let current: LocalAws | undefined
  let restoreEnv = () => {}
  hooks.beforeAll(async () => {
    current = await startLocalAws(options)
    if (options.applyEnv ?? true) restoreEnv = applyEnv(current.env)
  })
  hooks.afterAll(async () => {
    restoreEnv()
    await current?.stop()
    current = undefined
  })
  return () => {
    if (!current)
      throw new LocalAwsError(
        'Local AWS is not running: call aws() inside a test or hook, not at file level.',
      )
    return current
  }
}
