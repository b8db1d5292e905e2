import type { SQSEvent } from 'aws-lambda'
import { own, ShapeCheck } from './shape-check.ts'

const check = new ShapeCheck('SQS')

const attribute = (value: unknown, field: string) => {
  const fields = check.object(value, field)
  check.nonEmptyText(own(fields, 'dataType'), `${field}.dataType`)
}

/**
 * Checks an event an SQS event source mapping sends: `Records`, each from `aws:sqs` with a
 * messageId, receiptHandle, body, eventSourceARN, system `attributes` of strings (FIFO adds
 * MessageGroupId) and `messageAttributes` with a dataType each.
 */
export function assertSqsEvent(event: unknown): asserts event is SQSEvent {
  const records = check.array(own(check.object(event, '(event)'), 'Records'), 'Records')
  records.forEach((value, index) => {
    const field = `Records[${index}]`
    const record = check.object(value, field)
    if (own(record, 'eventSource') !== 'aws:sqs') {
      check.fail(`${field}.eventSource`, '"aws:sqs"', own(record, 'eventSource'))
    }
    check.nonEmptyText(own(record, 'messageId'), `${field}.messageId`)
    check.nonEmptyText(own(record, 'receiptHandle'), `${field}.receiptHandle`)
    check.text(own(record, 'body'), `${field}.body`)
    check.nonEmptyText(own(record, 'eventSourceARN'), `${field}.eventSourceARN`)
    check.entries(own(record, 'attributes'), `${field}.attributes`, (entry, entryField) =>
      check.text(entry, entryField),
    )
    check.entries(own(record, 'messageAttributes'), `${field}.messageAttributes`, attribute)
  })
}
