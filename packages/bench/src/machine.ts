import { arch, cpus, platform, totalmem } from 'node:os'
import type { Machine } from './markdown.ts'

export const describeMachine = (now: Date = new Date()): Machine => {
  const cores = cpus()
  return {
    node: process.version,
    cpu: cores[0]?.model.trim() ?? 'unknown CPU',
    cores: cores.length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    platform: `${platform()} ${arch()}`,
    date: now.toISOString(),
  }
}
