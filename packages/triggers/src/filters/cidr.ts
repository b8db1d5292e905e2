import { BlockList, isIP } from 'node:net'

interface ParsedCidr {
  address: string
  prefixLength: number
  family: 'ipv4' | 'ipv6'
}

export const parseCidr = (cidr: string): ParsedCidr | null => {
  const [address = '', prefixText, extra] = cidr.split('/')
  const version = isIP(address)
  if (version === 0 || prefixText === undefined || extra !== undefined) return null
  const maxPrefix = version === 4 ? 32 : 128
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) return null
  return { address, prefixLength: Number(prefixText), family: version === 4 ? 'ipv4' : 'ipv6' }
}

/** Whether `ip` falls in `cidr` (IPv4 or IPv6). A value that is not an IP never matches. */
export const ipInCidr = (ip: string, cidr: string): boolean => {
  const range = parseCidr(cidr)
  const version = isIP(ip)
  if (!range || version === 0) return false
  const family = version === 4 ? 'ipv4' : 'ipv6'
  if (family !== range.family) return false
  // node:net's BlockList does the prefix arithmetic for both families.
  const list = new BlockList()
  list.addSubnet(range.address, range.prefixLength, range.family)
  return list.check(ip, family)
}
