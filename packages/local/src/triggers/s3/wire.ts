import { S3Sequencer } from '@repo/shared'
import type { LocalRuntime } from '../../function/runtime.ts'
import type { Output } from '../../output.ts'
import { s3Deliveries } from './notifications.ts'

/** Every acknowledged write through the public S3 endpoint may notify: returns the unsubscribe. */
export const wireS3Notifications = (runtime: LocalRuntime, output: Output): (() => void) => {
  const sequencer = new S3Sequencer()
  return runtime.emulators.s3Events.subscribe((write) => {
    s3Deliveries(write, runtime.handlers, runtime.emulators.clients.s3, sequencer)
      .then((deliveries) => {
        for (const { handler, event } of deliveries) void runtime.invokeAsync(handler, event, 's3')
      })
      .catch((error: Error) => output.line('s3', `notification failed: ${error.message}`, 'error'))
  })
}
