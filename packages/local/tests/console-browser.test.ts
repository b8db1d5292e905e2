/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Browser, launchChromium } from './support/chromium.ts'
import { type RunnerProcess, startRunnerProcess } from './support/runner-process.ts'

/**
 * The console's tour, linked from the README: one screenshot per view, taken by every run. A run
 * writes a view's file only when it is missing or UPDATE_CONSOLE_TOUR=1 is set: pixels differ
 * from run to run (times, ids), and `npm test` must not leave the work tree changed.
 */
const tour = resolve(import.meta.dirname, '../docs/console')
const updateTour = process.env.UPDATE_CONSOLE_TOUR === '1'
const consoleFixtures = resolve(import.meta.dirname, 'fixtures/console-handlers')
/** Lambda's 1- and 2-minute retry waits become 1 and 2 seconds. */
const TIME_SCALE = 60
const WAIT_MS = 15_000

let runner: RunnerProcess
let browser: Browser
let page: Page

beforeAll(async () => {
  mkdirSync(tour, { recursive: true })
  runner = await startRunnerProcess([
    '--time-scale',
    String(TIME_SCALE),
    '--handlers-dir',
    consoleFixtures,
  ])
})

afterAll(async () => {
  await browser?.close()
  await runner?.stop()
})

/** PNG: smaller than JPEG for flat text on white. */
const snap = async (view: string) => {
  const file = resolve(tour, `${view}.png`)
  const png = await page.screenshot(updateTour || !existsSync(file) ? { path: file } : {})
  // The PNG signature: a blank or failed capture would not carry it.
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
}
const view = (name: string) => page.getByRole('link', { name, exact: true }).click()
/** A control of the visible view, by its label. */
const control = (label: string | RegExp) =>
  page.locator('section[data-view]:not([hidden])').getByLabel(label, { exact: true })
/** Uploads `csv` as incoming/sales.csv to the fixture's bucket from the Buckets view. */
const uploadCsv = async (csv: string) => {
  await view('Buckets')
  await control('Bucket').selectOption('csv-rows-csv-bucket')
  await control('Key').fill('incoming/sales.csv')
  await control('File').setInputFiles({
    name: 'sales.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  })
  await page.getByRole('button', { name: 'Upload' }).click()
}
const invocationRow = (handler: string, status: string) =>
  page.locator('#invocation-rows tr', { hasText: handler }).filter({ hasText: status })

describe('the console in Chromium', () => {
  // A test, not a hook: without a browser this fails (and so does every test after it), and
  // the run's count says so; it is never skipped.
  it('opens the console in Chromium (CHROME_PATH, or chromium on PATH)', async () => {
    browser = await launchChromium()
    page = await browser.context.newPage()
    page.setDefaultTimeout(WAIT_MS)
    await page.goto(`${runner.urls.alb}/_local/`)
    expect(await page.title()).toBe('Local console · lambda-triggers')
  })

  it('handlers: every handler with its trigger wiring', async () => {
    await view('Handlers')
    const rows = page.locator('#handlers-rows tr')
    await expect.poll(() => rows.count()).toBeGreaterThan(6)
    await expect
      .poll(() => page.locator('#handlers-rows tr', { hasText: 'csv-rows' }).textContent())
      .toContain('s3 · bucket: CsvBucket · events: s3:ObjectCreated:* · filter: suffix .csv')
  })

  it('fire a schedule, see its invocation appear live, open its logs', async () => {
    await view('Schedules')
    await page.getByRole('button', { name: 'Fire eventbridge-events-schedule-1 now' }).click()
    await snap('schedules')
    await view('Invocations')
    const row = invocationRow('eventbridge-events', 'success')
    await row.first().waitFor()
    // Keyboard: the row is focusable and Enter opens it.
    await row.first().focus()
    await page.keyboard.press('Enter')
    const detail = page.locator('#invocation-detail')
    await expect
      .poll(() => detail.locator('[data-part="logs"]').first().textContent())
      .toMatch(/REPORT RequestId: [0-9a-f-]{36}\tDuration: /)
    expect(await detail.locator('[data-part="event"]').textContent()).toContain('Scheduled Event')
    await snap('invocations')
  })

  it('upload a malformed CSV: retries, then the failure record with the original event; fix it, redrive, success', async () => {
    await uploadCsv('region,amount\nnorth,"12\n')
    await page.locator('#bucket-list', { hasText: 'incoming/sales.csv' }).waitFor()
    await snap('buckets')

    await view('Invocations')
    await control('Handler').selectOption('csv-rows')
    await invocationRow('csv-rows', 'retrying').first().waitFor()
    const failed = invocationRow('csv-rows', 'failed (3 attempts)')
    await failed.first().waitFor()
    await failed.first().click()
    const detail = page.locator('#invocation-detail')
    await detail.getByText('Attempt 3: error').waitFor()
    expect(await detail.getByText(/Attempt 2: error, .* after waiting \d/).count()).toBe(1)
    await detail.getByRole('link', { name: 'csv-rows-csv-failures' }).click()

    const message = page.locator('#queue-detail .message').first()
    await message.waitFor()
    expect(await message.locator('[data-part="original-event"]').textContent()).toContain(
      '"key": "incoming/sales.csv"',
    )
    expect(await message.locator('[data-part="error"]').textContent()).toContain(
      'MalformedCsvError',
    )
    await snap('queues')

    // Fix the object (this upload is itself a new, successful event), then redrive the record.
    await uploadCsv('region,amount\nnorth,12\nsouth,7\n')
    await view('Queues')
    await page.getByRole('button', { name: 'Messages of csv-rows-csv-failures' }).click()
    await page.getByRole('button', { name: /^Redrive message / }).click()
    await page.locator('#queue-detail h3', { hasText: '0 message(s)' }).waitFor()
    expect(await page.locator('[data-depth="csv-rows-csv-failures"]').textContent()).toBe('0')

    await view('Invocations')
    await control('Status').selectOption('success')
    const redriven = page.locator('#invocation-rows tr', {
      hasText: 'redrive from csv-rows-csv-failures',
    })
    await redriven.first().waitFor()
    await redriven.first().click()
    expect(await page.locator('#invocation-detail [data-part="result"]').textContent()).toContain(
      '"incoming/sales.csv": 2',
    )
  })

  it('invoke a handler from an edited event variant', async () => {
    await view('Invoke')
    await control('Handler').selectOption('alb-http')
    expect(await control('Trigger event').inputValue()).toBe('alb')
    await control('Variant').selectOption('get')
    await control('--path <path>').fill('/jobs')
    await control('--header <name: value>').fill('x-note: a, b\nx-other: c')
    await page.getByRole('button', { name: 'Build event' }).click()
    const editor = control('Event JSON')
    await expect.poll(() => editor.inputValue()).toContain('"path": "/jobs"')
    expect(JSON.parse(await editor.inputValue()).headers).toMatchObject({
      'x-note': 'a, b',
      'x-other': 'c',
    })
    // Edit the built event by hand: the health check path instead.
    await editor.fill((await editor.inputValue()).replace('"path": "/jobs"', '"path": "/health"'))
    await control('as a direct invoke').check()
    await page.getByRole('button', { name: 'Send' }).click()
    const result = page.locator('#invoke-result')
    await expect.poll(() => result.textContent()).toContain('"status": "success"')
    expect(await result.textContent()).toContain('"statusCode": 200')
    await snap('invoke')
  })

  it('handlers after the scenarios: invocation and error counts, the last REPORT line', async () => {
    await view('Handlers')
    const row = page.locator('#handlers-rows tr', { hasText: 'csv-rows' })
    await expect.poll(() => row.textContent()).toMatch(/REPORT RequestId: [0-9a-f-]{36}/)
    const cells = await row.locator('td').allTextContents()
    expect(Number(cells[1])).toBeGreaterThanOrEqual(5)
    expect(Number(cells[2])).toBe(3)
    await snap('handlers')
  })

  it('every control has a label', async () => {
    for (const name of ['Handlers', 'Invocations', 'Invoke', 'Queues', 'Schedules', 'Buckets']) {
      await view(name)
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll('main button, main input, main select, main textarea')]
          .filter((control) => (control as HTMLElement).offsetParent !== null)
          .filter((control) => {
            const labelled = (control as HTMLInputElement).labels?.length
            const named = control.getAttribute('aria-label') ?? control.textContent?.trim()
            return !labelled && !named
          })
          .map((control) => control.outerHTML.slice(0, 80)),
      )
      expect(unlabelled, name).toEqual([])
    }
  })
})
