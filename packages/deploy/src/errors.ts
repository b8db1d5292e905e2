/** A declaration or stack option the deploy package cannot turn into resources. */
export class DeployConfigError extends Error {
  override name = 'DeployConfigError'
}

/** The built bundle the stack would upload is not there: build before synthesizing. */
export class MissingBundleError extends Error {
  override name = 'MissingBundleError'
}
