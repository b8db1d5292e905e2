import type { Server } from 'node:http'
import { createRequire } from 'node:module'

interface DynaliteOptions {
  /** How long a new table stays CREATING; 0 makes tests wait for nothing. */
  createTableMs?: number
  deleteTableMs?: number
  updateTableMs?: number
  /** Without a path, dynalite keeps everything in memory. */
  path?: string
}

// dynalite is CommonJS and ships no types; this is the one function we use.
const dynalite = createRequire(import.meta.url)('dynalite') as (options?: DynaliteOptions) => Server

export const createDynalite = (): Server =>
  dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })
