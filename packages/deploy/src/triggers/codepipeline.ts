import {
  type CodePipelineTrigger,
  type DeepReadonly,
  serializeUserParameters,
} from '@repo/triggers'
import { Stack, Validations } from 'aws-cdk-lib'
import { Artifact, Pipeline, PipelineType } from 'aws-cdk-lib/aws-codepipeline'
import { LambdaInvokeAction, S3SourceAction, S3Trigger } from 'aws-cdk-lib/aws-codepipeline-actions'
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda'
import type { Construct } from 'constructs'
import { DeployConfigError } from '../errors.ts'
import { createSecureBucket } from '../resources/secure-bucket.ts'

export interface PipelineOptions {
  /** The object in the source bucket that starts a release (default `release.zip`). */
  sourceObjectKey?: string
}

const sourceStageName = 'Source'

/**
 * The smallest pipeline that runs the action: an S3 source stage (a versioned bucket; start
 * an execution by hand or from your CI after uploading) and the declared stage with the Lambda
 * invoke action, the source artifact as its input.
 */
export const addCodePipelineTrigger = (
  scope: Construct,
  fn: IFunction,
  trigger: DeepReadonly<CodePipelineTrigger>,
  options: PipelineOptions = {},
): void => {
  if (trigger.stageName === sourceStageName) {
    throw new DeployConfigError(
      `The codepipeline trigger's stageName cannot be "${sourceStageName}": the stack's source stage has that name.`,
    )
  }
  const stack = Stack.of(scope)
  const source = new Artifact('Release')
  const pipeline = new Pipeline(stack, 'Pipeline', {
    pipelineName: trigger.pipelineName,
    pipelineType: PipelineType.V2,
    artifactBucket: createSecureBucket(stack, 'PipelineArtifacts'),
    // One account, one region: the artifact bucket's S3-managed key is enough.
    crossAccountKeys: false,
    restartExecutionOnUpdate: false,
  })
  pipeline.addStage({
    stageName: sourceStageName,
    actions: [
      new S3SourceAction({
        actionName: 'Release',
        bucket: createSecureBucket(stack, 'PipelineSource'),
        bucketKey: options.sourceObjectKey ?? 'release.zip',
        output: source,
        trigger: S3Trigger.NONE,
      }),
    ],
  })
  pipeline.addStage({
    stageName: trigger.stageName,
    actions: [
      new LambdaInvokeAction({
        actionName: trigger.actionName,
        lambda: fn,
        inputs: [source],
        runOrder: trigger.runOrder,
        userParametersString: serializeUserParameters(trigger),
      }),
    ],
  })
  acknowledgePipelineGrants(pipeline, fn)
}

/**
 * The pipeline's and its actions' roles get CDK's standard artifact grants (s3:GetObject*,
 * s3:List*, ... on this stack's artifact bucket only) and the right to invoke the function.
 */
const acknowledgePipelineGrants = (pipeline: Pipeline, fn: IFunction): void => {
  const stack = Stack.of(pipeline)
  const artifactsReason =
    "CDK's pipeline grants: the pipeline and action roles read and write artifacts in this stack's own artifact bucket and nowhere else."
  const functionLogicalId = stack.getLogicalId(fn.node.defaultChild as CfnFunction)
  Validations.of(pipeline).acknowledge(
    ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map(
      (action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: artifactsReason,
      }),
    ),
    { id: 'AwsSolutions-IAM5[Resource::<PipelineArtifacts.Arn>/*]', reason: artifactsReason },
    {
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason: 'The Lambda action may invoke this one function, any of its versions or aliases.',
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CodePipeline must call lambda:ListFunctions to run a Lambda action; that action has no resource-level permissions.',
    },
  )
}
