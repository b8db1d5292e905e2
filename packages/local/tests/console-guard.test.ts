import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { controlRequestRefusal } from '../src/control/console/request-guard.ts'

/** The parts of a request the guard reads. */
const requestTo = (host: string, method = 'GET', headers: Record<string, string> = {}) =>
  ({
    method,
    headers: { host, ...headers },
    socket: { localPort: 3000 },
  }) as unknown as IncomingMessage

describe('control request guard', () => {
  it('accepts the address --host bound, but never a wildcard as a name', () => {
    expect(controlRequestRefusal(requestTo('192.168.1.5:3000'), '192.168.1.5')).toBeUndefined()
    expect(controlRequestRefusal(requestTo('192.168.1.5:3000'))).toContain('loopback')
    expect(controlRequestRefusal(requestTo('0.0.0.0:3000'), '0.0.0.0')).toContain('loopback')
    expect(controlRequestRefusal(requestTo('[::]:3000'), '::')).toContain('loopback')
    expect(controlRequestRefusal(requestTo('[fd00::5]:3000'), 'fd00::5')).toBeUndefined()
    expect(controlRequestRefusal(requestTo('localhost:3000'), '0.0.0.0')).toBeUndefined()
  })

  it('reads Host strictly: no userinfo, path or second port sneaks a loopback name in', () => {
    for (const host of [
      'localhost:3000@attacker.example',
      'attacker.example#localhost:3000',
      'localhost:3000:3000',
      'localhost:3000/',
      ' localhost:3000',
    ])
      expect(controlRequestRefusal(requestTo(host)), host).toContain('loopback')
  })

  it('lets reads through without an Origin check, and checks the Origin of every other method', () => {
    const foreign = { origin: 'http://attacker.example' }
    expect(controlRequestRefusal(requestTo('localhost:3000', 'GET', foreign))).toBeUndefined()
    expect(controlRequestRefusal(requestTo('localhost:3000', 'HEAD', foreign))).toBeUndefined()
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'])
      expect(controlRequestRefusal(requestTo('localhost:3000', method, foreign)), method).toContain(
        'own origin',
      )
    expect(
      controlRequestRefusal(
        requestTo('localhost:3000', 'POST', { origin: 'http://127.0.0.1:3000' }),
      ),
    ).toContain('own origin')
    expect(
      controlRequestRefusal(requestTo('localhost:3000', 'POST', { 'sec-fetch-site': 'same-site' })),
    ).toContain('Sec-Fetch-Site')
  })
})
