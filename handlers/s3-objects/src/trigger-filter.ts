/**
 * The keys the trigger listens to, on their own so the Lambda entry can read them without
 * loading the declaration (and its validator) at cold start. Summaries are written outside
 * this prefix (see config.ts): that is what keeps the function from triggering itself.
 */
export const TRIGGER_PREFIX = 'incoming/'
export const TRIGGER_SUFFIX = '.csv'
