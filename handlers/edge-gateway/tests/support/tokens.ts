import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto'

export interface SigningKey {
  readonly privateKey: KeyObject
  /** SPKI PEM, the form edge-config.json bakes in. */
  readonly publicKeyPem: string
}

/** A fresh Ed25519 key pair per test file: no private key lives in the repository. */
export const newSigningKey = (): SigningKey => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A compact JWS (EdDSA), as the service that issues tokens would sign it. */
export const signToken = (
  privateKey: KeyObject,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'EdDSA', typ: 'JWT' },
): string => {
  const signingInput = `${part(header)}.${part(claims)}`
  const signature = sign(null, Buffer.from(signingInput), privateKey).toString('base64url')
  return `${signingInput}.${signature}`
}
