import type { Environment } from 'aws-cdk-lib'

/** The region synthesized templates target when neither the CDK CLI nor the caller names one. */
export const defaultRegion = 'us-east-1'

/**
 * The stack's environment. The region is concrete (ALB access logs need the region's ELB
 * account); the account stays unresolved on purpose: the template then holds no account, works
 * in whichever account the deploy credentials belong to, and never triggers an AZ lookup, so
 * synth runs offline without credentials.
 */
export const stackEnvironment = (env: NodeJS.ProcessEnv = process.env): Environment => ({
  region: env.CDK_DEFAULT_REGION || env.AWS_REGION || defaultRegion,
})
