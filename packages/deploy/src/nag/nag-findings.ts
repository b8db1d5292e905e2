import type { IConstruct } from 'constructs'
import { nagPacks } from '../handler-app.ts'

export interface NagFinding {
  rule: string
  severity: string
  path: string
  description: string
}

/**
 * Every unacknowledged cdk-nag finding under `scope`, from the same packs synth runs. Call it
 * after the stack is complete (e.g. after Template.fromStack) so nothing added late is missed.
 */
export const nagFindings = (scope: IConstruct): NagFinding[] =>
  nagPacks().flatMap((pack) =>
    pack.validateScope(scope).violations.flatMap((violation) =>
      violation.violatingResources.map((resource) => ({
        rule: violation.ruleName,
        severity: violation.severity ?? 'error',
        path: resource.constructPath ?? '',
        description: violation.description,
      })),
    ),
  )
