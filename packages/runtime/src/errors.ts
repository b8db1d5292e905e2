/**
 * The environment is wrong: thrown once, at cold start, naming every bad variable, so one failed
 * deploy shows everything to fix. `problems` holds one line per variable, for tests and tooling.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  readonly problems: readonly string[]

  constructor(problems: readonly string[], subject = 'This function') {
    super(
      `${subject} cannot start; fix its environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    )
    this.problems = Object.freeze([...problems])
  }
}
