import { eventPatternMatches } from '@repo/triggers'
import { UnknownHandlerError, UnknownRuleError } from '../../errors.ts'
import type { LocalRuntime } from '../../function/runtime.ts'
import { type LocalRule, rulesOf, startSchedules, tickEvent } from './rules.ts'

/** The EventBridge rules of every handler: ticking, fired by hand, or matched against an event. */
export interface RuleRouter {
  readonly rules: readonly LocalRule[]
  /** A handler's schedule rules, or the one rule named by id or full name; throws if none. */
  find(handler: string, rule?: string): LocalRule[]
  /** Sends a schedule rule's tick event for `time` (a fresh event id when fired by hand). */
  fire(rule: LocalRule, time: Date, byHand: boolean): void
  /** Sends `event` to every pattern rule it matches; returns their names. */
  route(event: unknown): string[]
  /** Starts the schedule timers; returns what stops them. */
  startSchedules(timeScale: number): () => void
  /** A running schedule rule's next tick and when it fires on the real clock (--time-scale). */
  nextTick(rule: LocalRule): { tick: Date; firesAt: Date } | undefined
}

export const createRuleRouter = (runtime: LocalRuntime): RuleRouter => {
  const rules = rulesOf(runtime.handlers)
  const armed = new Map<LocalRule, { tick: Date; firesAt: Date }>()
  const fire = (rule: LocalRule, time: Date, byHand: boolean) =>
    void runtime.invokeAsync(rule.handler, tickEvent(rule, time, byHand), `rule ${rule.name}`)
  return {
    rules,
    find(handler, rule) {
      if (!runtime.handler(handler))
        throw new UnknownHandlerError(
          `No handler "${handler}"; there are: ${runtime.handlers.map((h) => h.name).join(', ')}.`,
        )
      const own = rules.filter((r) => r.handler === handler)
      const chosen =
        rule === undefined
          ? own.filter((r) => r.schedule)
          : own.filter((r) => r.id === rule || r.name === rule)
      if (chosen.length === 0)
        throw new UnknownRuleError(
          `No ${rule === undefined ? 'schedule rule' : `rule "${rule}"`} on ${handler}; its rules: ${own.map((r) => r.id).join(', ') || 'none'}.`,
        )
      return chosen
    },
    fire,
    route(event) {
      const matched = rules.filter(
        (rule) => rule.eventPattern !== undefined && eventPatternMatches(rule.eventPattern, event),
      )
      for (const rule of matched) void runtime.invokeAsync(rule.handler, event, `rule ${rule.name}`)
      return matched.map((rule) => rule.name)
    },
    startSchedules: (timeScale) =>
      startSchedules(
        rules,
        timeScale,
        (rule, time) => fire(rule, time, false),
        (rule, tick, firesAt) => armed.set(rule, { tick, firesAt }),
      ),
    nextTick: (rule) => armed.get(rule),
  }
}
