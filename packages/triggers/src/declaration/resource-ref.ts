import { isBucketName } from '@repo/runtime'
import { z } from 'zod'
import type { ValidationIssue } from '../errors.ts'
import { isPlainObject, reportIssues } from './zod-issues.ts'

/**
 * A resource the handler uses: either an existing one by its physical `name`, or one the
 * stack defines, by its logical `ref` (a CloudFormation logical ID such as `UploadsBucket`).
 */
export type ResourceRef = { readonly name: string } | { readonly ref: string }

export type ResourceKind = 'bucket' | 'queue' | 'topic' | 'table' | 'logGroup'

interface NameRule {
  test: (name: string) => boolean
  rule: string
}

const nameRules: Record<ResourceKind, NameRule> = {
  bucket: {
    test: isBucketName,
    rule: 'S3 bucket names are 3-63 characters of lowercase letters, digits, dots and hyphens, start and end with a letter or digit, have no ".." and are not IP addresses',
  },
  queue: {
    test: (name) => /^[A-Za-z0-9_-]{1,75}(\.fifo)?$/.test(name) && name.length <= 80,
    rule: 'SQS queue names are 1-80 characters of letters, digits, hyphens and underscores (FIFO queues end in .fifo)',
  },
  topic: {
    test: (name) => /^[A-Za-z0-9_-]{1,251}(\.fifo)?$/.test(name) && name.length <= 256,
    rule: 'SNS topic names are 1-256 characters of letters, digits, hyphens and underscores (FIFO topics end in .fifo)',
  },
  table: {
    test: (name) => /^[A-Za-z0-9_.-]{3,255}$/.test(name),
    rule: 'DynamoDB table names are 3-255 characters of letters, digits, "_", "-" and "."',
  },
  logGroup: {
    test: (name) => /^[A-Za-z0-9._\-/#]{1,512}$/.test(name),
    rule: 'log group names are 1-512 characters of letters, digits, ".", "_", "-", "/" and "#"',
  },
}

const logicalId = /^[A-Za-z][A-Za-z0-9]{0,254}$/

export const resourceRefIssues = (kind: ResourceKind, value: unknown): ValidationIssue[] => {
  if (!isPlainObject(value)) {
    return [{ path: [], message: `expected { name: '...' } or { ref: 'LogicalId' } for a ${kind}` }]
  }
  const keys = Object.keys(value)
  if (keys.length !== 1 || (keys[0] !== 'name' && keys[0] !== 'ref')) {
    return [
      {
        path: [],
        message: `give exactly one of "name" (an existing ${kind}) or "ref" (a ${kind} the stack defines); got keys [${keys.join(', ')}]`,
      },
    ]
  }
  if ('ref' in value) {
    const ref = value.ref
    return typeof ref === 'string' && logicalId.test(ref)
      ? []
      : [
          {
            path: ['ref'],
            message: `"${String(ref)}" is not a logical ID: use letters and digits, starting with a letter (CloudFormation rule)`,
          },
        ]
  }
  const name = value.name
  const { test, rule } = nameRules[kind]
  return typeof name === 'string' && test(name)
    ? []
    : [{ path: ['name'], message: `"${String(name)}" is not a valid ${kind} name: ${rule}` }]
}

export const resourceRefSchema = (kind: ResourceKind) =>
  z
    .custom<ResourceRef>(() => true)
    .superRefine((value, context) => reportIssues(context, resourceRefIssues(kind, value)))
