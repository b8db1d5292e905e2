import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import type { PlopTypes } from '@turbo/gen'
import { edgeTriggers, triggerChoices, triggerTemplates } from './triggers.ts'

const handlerName = /^[a-z][a-z0-9-]{1,40}[a-z0-9]$/

/**
 * Every file a regional handler is made of, one template each (`templates/handler/<file>.hbs`):
 * the anatomy @repo/repo-checks holds every handlers/* folder to, see "Anatomy of a handler" in
 * the root README.
 */
const handlerFiles = [
  'package.json',
  'tsconfig.json',
  'turbo.json',
  'vitest.config.ts',
  'README.md',
  'src/index.ts',
  'src/handler.ts',
  'src/config.ts',
  'src/trigger.ts',
  'src/errors.ts',
  'src/items.ts',
  'tests/support/handler-under-test.ts',
  'tests/handler.test.ts',
  'tests/config.test.ts',
  'tests/trigger.test.ts',
  'tests/cold-start-imports.test.ts',
  'tests/stack.test.ts',
  'tests/bundle.test.ts',
  'infra/app.ts',
  'infra/stack.ts',
] as const

/** The templates/handler/ files a Lambda@Edge handler takes as they are: nothing in them is regional. */
const sharedFiles = [
  'turbo.json',
  'tsconfig.json',
  'vitest.config.ts',
  'tests/cold-start-imports.test.ts',
  'infra/app.ts',
] as const satisfies readonly (typeof handlerFiles)[number][]

/**
 * The rest of a Lambda@Edge handler (`templates/edge/<file>.hbs`), the `edge` variant of the
 * anatomy: configuration baked in at build time (edge-config.json, build.ts), no idempotency
 * store, the work in src/viewer-request.ts, the stack in us-east-1 with its distribution.
 */
const edgeFiles = [
  'package.json',
  'README.md',
  'edge-config.json',
  'build.ts',
  'src/index.ts',
  'src/handler.ts',
  'src/config.ts',
  'src/trigger.ts',
  'src/errors.ts',
  'src/viewer-request.ts',
  'tests/support/handler-under-test.ts',
  'tests/handler.test.ts',
  'tests/config.test.ts',
  'tests/trigger.test.ts',
  'tests/stack.test.ts',
  'tests/bundle.test.ts',
  'infra/stack.ts',
] as const

const isEdgeTrigger = (trigger: string): boolean =>
  (edgeTriggers as readonly string[]).includes(trigger)

/**
 * `npx turbo gen handler`: a new handlers/<name>/ workspace for one trigger, complete on its own
 * (declaration, idempotent handler, tests, README, CDK stack) and passing lint, typecheck, test
 * and synth as generated. Non-interactive: `npx turbo gen handler --args <name> <trigger>`.
 */
export default function generator(plop: PlopTypes.NodePlopAPI): void {
  // Templates hold code whose line lengths depend on the answers; Biome lays it out as the repo does.
  plop.setActionType('format', (answers, config) => {
    const root = (config.data as { root: string }).root
    const folder = join(root, 'handlers', (answers as { name: string }).name)
    execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['check', '--write', folder], {
      cwd: root,
      stdio: 'ignore',
    })
    return `formatted ${folder}`
  })
  plop.setGenerator('handler', {
    description: 'A new Lambda handler workspace for one trigger',
    prompts: [
      {
        type: 'input',
        name: 'name',
        message: 'Handler name (kebab-case, becomes handlers/<name> and @repo/<name>)',
        validate: (value: string) =>
          handlerName.test(value) || 'use 3-42 lower-case letters, digits and hyphens',
      },
      {
        type: 'list',
        name: 'trigger',
        message: 'What invokes it?',
        choices: triggerChoices,
      },
    ],
    actions: (answers) => {
      const data = answers as { name: string; trigger: string }
      const root = (answers as { turbo: { paths: { root: string } } }).turbo.paths.root
      const add = (file: string, folder: 'handler' | 'edge', context: object) => ({
        type: 'add',
        path: `{{ turbo.paths.root }}/handlers/{{ name }}/${file}`,
        templateFile: `templates/${folder}/${file}.hbs`,
        data: context,
        abortOnFail: true,
      })
      if (isEdgeTrigger(data.trigger))
        return [
          ...sharedFiles.map((file) => add(file, 'handler', data)),
          ...edgeFiles.map((file) => add(file, 'edge', data)),
          { type: 'format', data: { root } },
        ]
      const template = triggerTemplates[data.trigger]
      if (!template)
        throw new Error(
          `Unknown trigger "${data.trigger}"; choose one of ${triggerChoices.join(', ')}`,
        )
      const render = (text: string) => plop.renderString(text, data)
      const context = {
        ...data,
        ...template,
        declaration: render(template.declaration),
        testEvent: render(template.testEvent),
        twoItemEvent: render(template.twoItemEvent),
        isAlb: data.trigger === 'alb',
        isS3: data.trigger === 's3',
        isCloudWatchLogs: data.trigger === 'cloudwatch-logs',
        isCodePipeline: data.trigger === 'codepipeline',
        isSqs: data.trigger === 'sqs',
      }
      return [
        ...handlerFiles.map((file) => add(file, 'handler', context)),
        { type: 'format', data: { root } },
      ]
    },
  })
}
