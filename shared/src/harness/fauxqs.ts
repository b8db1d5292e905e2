import { Server } from 'node:net'
import type { FauxqsServer, startFauxqs } from 'fauxqs'

const ANY = '0.0.0.0'
const LOOPBACK = '127.0.0.1'

/**
 * Starts fauxqs (S3, SQS, SNS) listening on loopback only. fauxqs 2.4 listens on 0.0.0.0 and has no
 * option for it, which would put the emulator on every network the machine is on; so it starts
 * inside onLoopbackOnly. Loaded on first use: fauxqs pulls in Fastify and node:sqlite, which tests
 * that only invoke handlers should not pay for.
 */
export const startFauxqsOnLoopback = async (
  options: Parameters<typeof startFauxqs>[0],
): Promise<FauxqsServer> => {
  const fauxqs = await import('fauxqs')
  return onLoopbackOnly(() => fauxqs.startFauxqs(options))
}

const listen = Server.prototype.listen
let starting = 0

/** listen() with a host of 0.0.0.0 (as options or as the second argument) moved to 127.0.0.1. */
function listenOnLoopback(this: Server, ...args: unknown[]): Server {
  const [first, second] = args
  if (typeof first === 'object' && first !== null && 'host' in first && first.host === ANY) {
    args[0] = { ...first, host: LOOPBACK }
  } else if (second === ANY) {
    args[1] = LOOPBACK
  }
  return Reflect.apply(listen, this, args)
}

/**
 * Runs `start` with every listen() asked for 0.0.0.0 moved to 127.0.0.1 (our own servers name
 * their host, so no other listen is moved). Counted, so that overlapping starts put listen() back
 * only when the last one settles. Drop it once fauxqs takes a host to listen on.
 */
export const onLoopbackOnly = async <T>(start: () => Promise<T>): Promise<T> => {
  if (starting++ === 0) Server.prototype.listen = listenOnLoopback as typeof listen
  try {
    return await start()
  } finally {
    if (--starting === 0) Server.prototype.listen = listen
  }
}
