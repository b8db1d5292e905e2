import { Argument, Command, Option } from 'commander'
import { FixtureError } from '../fixtures/index.ts'
import { type CliOptions, TRIGGERS } from './variants.ts'

/**
 * The `event` command: one subcommand per trigger, the variant as a validated argument.
 * `print` receives the built event, so tests and other CLIs can reuse the parsing.
 */
export const eventProgram = (print: (event: unknown) => void): Command => {
  const program = new Command('event')
    .description('Print one realistic AWS trigger event as JSON (like `sam local generate-event`).')
    .usage('<trigger> [variant] [options]')
    .showHelpAfterError('(run with --help for triggers, variants and options)')
  for (const [trigger, spec] of Object.entries(TRIGGERS)) {
    const command = program
      .command(trigger)
      .description(`${spec.description}\nvariants: ${spec.variants.join(', ')}`)
      .addArgument(
        new Argument('[variant]', 'which event to print')
          .choices(spec.variants)
          .default(spec.variants[0]),
      )
    for (const optionSpec of spec.options) {
      const option = new Option(optionSpec.flags, optionSpec.description)
      if (optionSpec.choices) option.choices(optionSpec.choices)
      if (optionSpec.repeatable)
        option.argParser((value: string, previous: string[] | undefined) => [
          ...(previous ?? []),
          value,
        ])
      command.addOption(option)
    }
    command.action((variant: string, options: CliOptions) => {
      try {
        print(spec.build(variant, options))
      } catch (error) {
        if (error instanceof FixtureError) command.error(`error: ${error.message}`)
        throw error
      }
    })
  }
  // Lists every trigger with its variants and options in the top-level help.
  program.addHelpText('after', () =>
    [
      '',
      'Triggers, variants (first is the default) and options:',
      ...Object.entries(TRIGGERS).map(
        ([trigger, spec]) =>
          `  ${trigger} [${spec.variants.join('|')}]\n      ${spec.options.map((o) => o.flags).join('  ')}`,
      ),
      '',
      'Example: npm run -s event -- s3 put --bucket b --key "a b+c/ü.csv"',
      '',
    ].join('\n'),
  )
  return program
}
