import { randomUUID } from 'node:crypto'
import { scheduledEvent } from '@repo/shared'
import { type EventPattern, nextTicks, triggersOfType } from '@repo/triggers'
import type { ScheduledEvent } from 'aws-lambda'
import { ACCOUNT_ID, REGION } from '../../emulators/emulators.ts'
import type { LocalHandler } from '../../function/discover.ts'

/** One EventBridge rule targeting a handler. */
export interface LocalRule {
  handler: string
  /** `schedule-1`, `pattern-1`, ... in declaration order; the full name prefixes the handler. */
  id: string
  name: string
  schedule?: string
  eventPattern?: EventPattern
}

export const rulesOf = (handlers: readonly LocalHandler[]): LocalRule[] =>
  handlers.flatMap((handler) => {
    let schedules = 0
    let patterns = 0
    return triggersOfType(handler.declaration, 'eventbridge').map((trigger) => {
      const id =
        trigger.schedule !== undefined ? `schedule-${++schedules}` : `pattern-${++patterns}`
      return {
        handler: handler.name,
        id,
        name: `${handler.name}-${id}`,
        ...(trigger.schedule !== undefined && { schedule: trigger.schedule }),
        ...(trigger.eventPattern !== undefined && {
          eventPattern: trigger.eventPattern as EventPattern,
        }),
      }
    })
  })

/** The event a schedule rule sends at `time`; a fire-now event gets its own id. */
export const tickEvent = (
  rule: LocalRule,
  time: Date,
  firedByHand: boolean,
): ScheduledEvent<Record<string, never>> => {
  const event = scheduledEvent({
    rule: rule.name,
    time: time.toISOString(),
    account: ACCOUNT_ID,
    region: REGION,
  })
  return firedByHand ? { ...event, id: randomUUID() } : event
}

/**
 * Fires each schedule rule at its next rate()/cron() tick (`nextTicks`), then re-arms. Time is
 * divided by `timeScale`, so a one-minute rate ticks every second at a scale of 60.
 */
export const startSchedules = (
  rules: readonly LocalRule[],
  timeScale: number,
  fire: (rule: LocalRule, time: Date) => void,
  /** Told each rule's next tick (schedule time) and when, on the real clock, it fires. */
  onArm?: (rule: LocalRule, tick: Date, firesAt: Date) => void,
): (() => void) => {
  const timers = new Set<NodeJS.Timeout>()
  const started = Date.now()
  // On a compressed scale, schedule times advance on a virtual clock that started with us.
  const virtualNow = () => new Date(started + (Date.now() - started) * timeScale)
  const arm = (rule: LocalRule, expression: string) => {
    const [next] = nextTicks(expression, virtualNow(), 1)
    if (!next) return
    const delay = Math.min((next.getTime() - virtualNow().getTime()) / timeScale, 2 ** 31 - 1)
    onArm?.(rule, next, new Date(Date.now() + delay))
    const timer = setTimeout(() => {
      timers.delete(timer)
      fire(rule, next)
      arm(rule, expression)
    }, delay)
    timer.unref()
    timers.add(timer)
  }
  for (const rule of rules) if (rule.schedule) arm(rule, rule.schedule)
  return () => {
    for (const timer of timers) clearTimeout(timer)
  }
}
