/** A problem the person running `npm start` / `npm run invoke` can fix; printed without a stack. */
export class LocalRunnerError extends Error {
  override name = 'LocalRunnerError'
}

export class UnknownHandlerError extends LocalRunnerError {
  override name = 'UnknownHandlerError'
}

export class UnknownRuleError extends LocalRunnerError {
  override name = 'UnknownRuleError'
}

export class InvalidFilterPatternError extends LocalRunnerError {
  override name = 'InvalidFilterPatternError'
}
