import baked from '../../edge-config.json' with { type: 'json' }
import { type Config, loadConfig } from '../../src/config.ts'

export const AUDIENCE = 'lambda-triggers-gateway'

/** The baked configuration with a test key: the committed key's private half exists nowhere. */
export const testConfig = (publicKeyPem: string): Config =>
  loadConfig({ ...baked, tokenPublicKey: publicKeyPem, tokenAudience: AUDIENCE })
