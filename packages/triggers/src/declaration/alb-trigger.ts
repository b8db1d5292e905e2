import { z } from 'zod'

// ELB listener rule limits: each condition value is at most 128 characters, a condition
// holds at most 3 values and a rule at most 5 across its conditions.
const conditionValue = (label: string, allowed: RegExp, allowedText: string) =>
  z
    .string()
    .min(1, { error: `${label} cannot be empty` })
    .max(128, { error: `${label} is at most 128 characters (ELB rule)` })
    .regex(allowed, { error: `${label} may only contain ${allowedText} (ELB rule)` })

const pathPattern = conditionValue(
  'a path pattern',
  /^[A-Za-z0-9_\-.$/~"'@:+&*?;=%]+$/,
  'A-Z a-z 0-9 _ - . $ / ~ " \' @ : + & ; = % and the wildcards * and ?',
)
const hostHeader = conditionValue(
  'a host header',
  /^[A-Za-z0-9\-.*?]+$/,
  'A-Z a-z 0-9 - . and the wildcards * and ?',
)
const httpMethod = z
  .string()
  .max(40, { error: 'an HTTP method is at most 40 characters (ELB rule)' })
  .regex(/^[A-Z_-]+$/, {
    error: 'HTTP methods are upper case letters, "_" and "-" (ELB matches them case-sensitively)',
  })

const values = <T extends z.ZodType>(item: T, label: string) =>
  z
    .array(item)
    .min(1, { error: `${label}: give at least one value or leave the condition out` })
    .max(3, { error: `${label}: an ELB condition holds at most 3 values` })

export const albRouteSchema = z
  .strictObject({
    /** Listener rule priority: lower wins; unique per listener. */
    priority: z
      .number()
      .int()
      .min(1, { error: 'priority is 1-50000 (ELB rule)' })
      .max(50_000, { error: 'priority is 1-50000 (ELB rule)' }),
    pathPatterns: values(pathPattern, 'pathPatterns').optional(),
    hostHeaders: values(hostHeader, 'hostHeaders').optional(),
    httpMethods: values(httpMethod, 'httpMethods').optional(),
  })
  .superRefine((route, context) => {
    const count =
      (route.pathPatterns?.length ?? 0) +
      (route.hostHeaders?.length ?? 0) +
      (route.httpMethods?.length ?? 0)
    if (count === 0) {
      context.addIssue({
        code: 'custom',
        message:
          'a listener rule needs at least one condition: pathPatterns, hostHeaders or httpMethods',
      })
    }
    if (count > 5) {
      context.addIssue({
        code: 'custom',
        message: `an ELB rule holds at most 5 condition values in all; this one has ${count}`,
      })
    }
  })

export const albTriggerSchema = z
  .strictObject({
    type: z.literal('alb'),
    routes: z.array(albRouteSchema).min(1, { error: 'declare at least one route' }),
    /** Mirrors the target group's `lambda.multi_value_headers.enabled`. */
    multiValueHeaders: z.boolean().default(false),
    healthCheck: z
      .strictObject({
        path: z
          .string()
          .max(1024, { error: 'the health check path is at most 1024 characters (ELB rule)' })
          .regex(/^\/\S*$/, { error: 'the health check path starts with "/" and has no spaces' }),
      })
      .optional(),
  })
  .superRefine((trigger, context) => {
    const seen = new Map<number, number>()
    trigger.routes.forEach((route, index) => {
      const earlier = seen.get(route.priority)
      if (earlier !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['routes', index, 'priority'],
          message: `priority ${route.priority} is already used by routes[${earlier}]; listener rule priorities must be unique`,
        })
      }
      seen.set(route.priority, index)
    })
  })

export type AlbRoute = z.output<typeof albRouteSchema>
export type AlbTriggerInput = z.input<typeof albTriggerSchema>
export type AlbTrigger = z.output<typeof albTriggerSchema>
