import { TriggerValidationError } from '../errors.ts'
import type { DeepReadonly } from './define.ts'
import type { Trigger, TriggerType } from './trigger.ts'

type TriggerOf<Type extends TriggerType> = DeepReadonly<Extract<Trigger, { type: Type }>>

interface DeclarationWithTriggers {
  readonly name: string
  readonly triggers: readonly DeepReadonly<Trigger>[]
}

/** The declaration's triggers of one type, narrowed (a deploy stack or runner wires each kind its own way). */
export const triggersOfType = <Type extends TriggerType>(
  declaration: DeclarationWithTriggers,
  type: Type,
): TriggerOf<Type>[] =>
  declaration.triggers.filter((trigger): trigger is TriggerOf<Type> => trigger.type === type)

/** The one trigger of this type; a declaration without exactly one is a programming error. */
export const triggerOfType = <Type extends TriggerType>(
  declaration: DeclarationWithTriggers,
  type: Type,
): TriggerOf<Type> => {
  const [trigger, ...others] = triggersOfType(declaration, type)
  if (trigger === undefined || others.length > 0) {
    throw new TriggerValidationError(
      [
        {
          path: ['triggers'],
          message: `expected exactly one ${type} trigger, found ${others.length + (trigger ? 1 : 0)}`,
        },
      ],
      `Handler "${declaration.name}"`,
    )
  }
  return trigger
}
