import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

/** Names a Chromium goes by on Debian, Ubuntu and elsewhere, tried in order after CHROME_PATH. */
const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

/**
 * The browser the console tests drive: CHROME_PATH, or the first Chromium on PATH. None is a
 * failure with a message saying what to install, never a silent skip.
 */
export const findChromium = (): string => {
  const named = process.env.CHROME_PATH
  if (named) {
    if (!existsSync(named)) throw new Error(`CHROME_PATH=${named} does not exist.`)
    return named
  }
  for (const name of CANDIDATES) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim()
    } catch {
      // not this one
    }
  }
  throw new Error(
    'No Chromium found for the console browser tests: install one (Debian: apt-get install -y chromium) or set CHROME_PATH to its executable.',
  )
}

/**
 * Flags that let Chromium run here: headless, no sandbox (CI runs as root), and none of its
 * background connections, which a closed network refuses.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export interface Browser {
  context: BrowserContext
  close(): Promise<void>
}

/** Chromium through playwright-core (its own download cannot reach the network), fresh profile. */
export const launchChromium = async (): Promise<Browser> => {
  const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium(),
    headless: true,
    args: FLAGS,
    viewport: { width: 1000, height: 600 },
  })
  return {
    context,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
