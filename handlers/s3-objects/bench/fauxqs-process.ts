/**
 * fauxqs in its own process, so the object it keeps in memory does not count against the
 * handler's RSS. Prints `{"address": ...}` on stdout once ready; stops when stdin closes.
 */
import { startFauxqs } from 'fauxqs'

const server = await startFauxqs({ port: 0, logger: false, defaultRegion: 'us-east-1' })
server.setup({ buckets: ['uploads'], queues: [{ name: 'results' }] })
process.stdout.write(`${JSON.stringify({ address: server.address })}\n`)
process.stdin.resume()
process.stdin.on('end', () => {
  void server.stop().then(() => process.exit(0))
})
