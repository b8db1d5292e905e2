import type { FrozenHandlerDeclaration } from '@repo/triggers'
import { triggersOfType } from '@repo/triggers'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import type { Construct } from 'constructs'
import { DeployConfigError } from '../errors.ts'
import type { DeclaredResources } from '../resources/declared-resources.ts'
import { type AlbOptions, addAlbTrigger } from './alb.ts'
import { addCloudWatchLogsTrigger } from './cloudwatch-logs.ts'
import { addCodePipelineTrigger, type PipelineOptions } from './codepipeline.ts'
import { addEventBridgeTriggers } from './eventbridge.ts'
import { addS3Trigger } from './s3.ts'
import { addSnsTrigger } from './sns.ts'
import { addSqsTrigger } from './sqs.ts'

export interface TriggerOptions {
  alb?: AlbOptions
  pipeline?: PipelineOptions
}

/** Wires every trigger the declaration lists to the function, each kind its own way. */
export const addTriggers = (
  scope: Construct,
  fn: IFunction,
  declaration: FrozenHandlerDeclaration,
  resources: DeclaredResources,
  options: TriggerOptions = {},
): void => {
  if (triggersOfType(declaration, 'cloudfront').length > 0) {
    throw new DeployConfigError(
      `Handler "${declaration.name}" is a Lambda@Edge handler (cloudfront triggers): deploy it with EdgeHandlerStack, which creates the function in us-east-1 and the distribution.`,
    )
  }
  for (const [index, trigger] of triggersOfType(declaration, 'alb').entries()) {
    addAlbTrigger(scope, fn, trigger, index, options.alb)
  }
  for (const trigger of triggersOfType(declaration, 's3')) addS3Trigger(fn, trigger, resources)
  addEventBridgeTriggers(scope, fn, triggersOfType(declaration, 'eventbridge'))
  for (const [index, trigger] of triggersOfType(declaration, 'sns').entries()) {
    addSnsTrigger(scope, fn, trigger, index, resources)
  }
  for (const trigger of triggersOfType(declaration, 'codepipeline')) {
    addCodePipelineTrigger(scope, fn, trigger, options.pipeline)
  }
  for (const [index, trigger] of triggersOfType(declaration, 'cloudwatch-logs').entries()) {
    addCloudWatchLogsTrigger(scope, fn, trigger, index, resources)
  }
  for (const [index, trigger] of triggersOfType(declaration, 'sqs').entries()) {
    addSqsTrigger(fn, trigger, index, resources)
  }
}
