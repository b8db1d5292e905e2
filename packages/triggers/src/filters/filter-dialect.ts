/**
 * SNS filter policies and EventBridge event patterns share one content-filter language;
 * they differ in which operators they accept and in a few limits.
 */
export type FilterDialect = 'sns' | 'eventbridge'

export const operatorsByDialect: Record<FilterDialect, readonly string[]> = {
  sns: ['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'cidr'],
  eventbridge: [
    'prefix',
    'suffix',
    'anything-but',
    'numeric',
    'exists',
    'equals-ignore-case',
    'wildcard',
    'cidr',
  ],
}

export const dialectName: Record<FilterDialect, string> = {
  sns: 'SNS filter policy',
  eventbridge: 'EventBridge event pattern',
}
