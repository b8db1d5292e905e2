import type { DeleteObjectsCommandInput, DeleteObjectsOutput, S3Client } from '@aws-sdk/client-s3'

export interface RecordedCommand {
  name: string
  input: Record<string, unknown>
}

/** Records every command the client sends (name and input), through an SDK middleware. */
export const recordCommands = (client: S3Client): RecordedCommand[] => {
  const recorded: RecordedCommand[] = []
  client.middlewareStack.add(
    (next, context) => async (args) => {
      recorded.push({
        name: context.commandName ?? '',
        input: args.input as Record<string, unknown>,
      })
      return next(args)
    },
    { step: 'initialize', name: 'recordCommands' },
  )
  return recorded
}

/**
 * Makes S3 refuse the given keys once, the way DeleteObjects reports it: a 200 answer whose
 * `Errors` lists them. The keys are taken out of the request, so they really stay in the bucket.
 */
export const refuseDeletesOnce = (client: S3Client, keys: readonly string[]): void => {
  const refused = new Set(keys)
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'DeleteObjectsCommand' || refused.size === 0) return next(args)
      const input = args.input as DeleteObjectsCommandInput
      const objects = input.Delete?.Objects ?? []
      const hit = objects.filter((object) => object.Key !== undefined && refused.has(object.Key))
      if (hit.length === 0) return next(args)
      for (const object of hit) refused.delete(object.Key ?? '')
      const kept = objects.filter((object) => !hit.includes(object))
      const result = await next({
        ...args,
        input: { ...input, Delete: { ...input.Delete, Objects: kept } },
      })
      const output = result.output as DeleteObjectsOutput
      output.Errors = [
        ...(output.Errors ?? []),
        ...hit.map((object) => ({
          Key: object.Key,
          Code: 'AccessDenied',
          Message: 'Access Denied',
        })),
      ]
      return result
    },
    { step: 'initialize', name: 'refuseDeletesOnce' },
  )
}
