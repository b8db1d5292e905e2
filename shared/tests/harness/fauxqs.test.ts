import { createServer, type Server } from 'node:http'
import { connect, Server as NetServer } from 'node:net'
import { networkInterfaces } from 'node:os'
import { onLoopbackOnly, startFauxqsOnLoopback } from '@repo/shared/harness'
import { describe, expect, it } from 'vitest'
import { closeServer } from '../../src/harness/listen.ts'

/** The machine's own addresses that are not loopback. */
const outsideAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((address) => address !== undefined && !address.internal && address.family === 'IPv4')
  .map((address) => address?.address as string)

/** Whether a TCP connection to host:port is accepted. */
const accepts = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

const boundHost = async (server: Server, listen: (server: Server) => void): Promise<string> => {
  await new Promise<void>((resolve) => {
    server.once('listening', resolve)
    listen(server)
  })
  const { address } = server.address() as { address: string }
  await closeServer(server)
  return address
}

describe('fauxqs on loopback', () => {
  it.skipIf(outsideAddresses.length === 0)(
    'refuses connections from other networks, and accepts them on 127.0.0.1',
    async () => {
      const fauxqs = await startFauxqsOnLoopback({ port: 0, logger: false })
      try {
        expect(await accepts('127.0.0.1', fauxqs.port)).toBe(true)
        for (const address of outsideAddresses) {
          expect(await accepts(address, fauxqs.port)).toBe(false)
        }
      } finally {
        await fauxqs.stop()
      }
    },
  )

  it('moves only listens on 0.0.0.0, in either form, and restores listen() after the last overlapping start', async () => {
    const listen = NetServer.prototype.listen
    let releaseFirst!: () => void
    const first = onLoopbackOnly(() => new Promise<void>((resolve) => (releaseFirst = resolve)))
    const second = onLoopbackOnly(async () => {
      releaseFirst()
      await first // the first start has settled; this one still moves listens
      return Promise.all([
        boundHost(createServer(), (server) => server.listen({ port: 0, host: '0.0.0.0' })),
        boundHost(createServer(), (server) => server.listen(0, '0.0.0.0')),
        boundHost(createServer(), (server) => server.listen(0, '127.0.0.2')),
      ])
    })
    expect(await second).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.2'])
    expect(NetServer.prototype.listen).toBe(listen)
    expect(await boundHost(createServer(), (server) => server.listen(0, '0.0.0.0'))).toBe('0.0.0.0')
  })
})
