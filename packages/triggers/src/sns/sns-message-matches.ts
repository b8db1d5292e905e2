import { InvalidFilterError } from '../errors.ts'
import { filterMatches } from '../filters/filter-matches.ts'
import {
  type SnsFilterPolicy,
  type SnsFilterPolicyScope,
  snsFilterPolicyIssues,
} from './sns-filter-policy.ts'

export interface SnsMessageAttribute {
  Type: string
  Value: string
}

/** The parts of an SNS message a filter policy reads: a Lambda record's `Sns` object fits. */
export interface SnsMessageToMatch {
  Message?: string
  MessageAttributes?: Readonly<Record<string, SnsMessageAttribute>> | null
}

/**
 * Attributes as SNS compares them: String as text, Number as a number, String.Array as
 * its elements. Binary attributes are ignored by filter policies, so they count as absent.
 */
const attributeValues = (
  attributes: Readonly<Record<string, SnsMessageAttribute>>,
): Record<string, unknown> => {
  const values: Record<string, unknown> = {}
  for (const [name, { Type, Value }] of Object.entries(attributes)) {
    if (Type === 'String.Array') values[name] = parseStringArray(Value)
    else if (Type.startsWith('Number')) values[name] = Number(Value)
    else if (Type.startsWith('String')) values[name] = Value
  }
  return values
}

const parseStringArray = (value: string): unknown => {
  try {
    const parsed: unknown = JSON.parse(value)
    return Array.isArray(parsed) ? parsed : value
  } catch {
    return value
  }
}

const parseBody = (message: string | undefined): unknown => {
  if (message === undefined) return undefined
  try {
    return JSON.parse(message)
  } catch {
    // A body that is not JSON matches no MessageBody policy: SNS does not deliver it.
    return undefined
  }
}

/**
 * Whether SNS would deliver `message` to a subscription with this filter policy. Throws
 * InvalidFilterError for a policy SNS would refuse, rather than guess what it means.
 */
export const snsMessageMatches = (
  filterPolicy: SnsFilterPolicy | undefined,
  scope: SnsFilterPolicyScope,
  message: SnsMessageToMatch,
): boolean => {
  if (filterPolicy === undefined) return true
  const issues = snsFilterPolicyIssues(filterPolicy, scope)
  if (issues.length > 0) throw new InvalidFilterError(issues, 'Invalid SNS filter policy')
  const data =
    scope === 'MessageBody'
      ? parseBody(message.Message)
      : attributeValues(message.MessageAttributes ?? {})
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false
  return filterMatches(filterPolicy, data)
}
