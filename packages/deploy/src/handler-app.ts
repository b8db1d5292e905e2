import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag'

/** The rule packs every handler stack must pass (acknowledgements carry their reasons in code). */
export const nagPacks = () => [new AwsSolutionsChecks(), new ServerlessChecks()]

/**
 * An app whose synth fails on any unacknowledged cdk-nag finding. Writes to `CDK_OUTDIR` when
 * the CDK CLI runs it, otherwise to ./cdk.out, so `node infra/app.ts` alone is a full synth.
 */
export const createHandlerApp = (): App => {
  const app = new App({
    outdir: process.env.CDK_OUTDIR ?? 'cdk.out',
    // No AWS::CDK::Metadata resource: the template says nothing about the toolchain.
    analyticsReporting: false,
    // Construct creation stack traces make synth (and a failed validation) seconds slower.
    stackTraces: false,
  })
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app))
  return app
}
