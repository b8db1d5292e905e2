import { createHandlerApp } from '@repo/deploy'
import { createStack } from './stack.ts'

// `npm run synth`: offline, no credentials; cdk-nag runs here and fails the synth on a finding.
const app = createHandlerApp()
createStack(app)
app.synth()
