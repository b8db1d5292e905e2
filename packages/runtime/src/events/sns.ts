import type { SNSEvent } from 'aws-lambda'
import { own, ShapeCheck } from './shape-check.ts'

const check = new ShapeCheck('SNS')

const attribute = (value: unknown, field: string) => {
  const fields = check.object(value, field)
  check.text(own(fields, 'Type'), `${field}.Type`)
  check.text(own(fields, 'Value'), `${field}.Value`)
}

/**
 * Checks an SNS subscription event: `Records` (SNS sends one, but the type is a list), each from
 * `aws:sns` with an `Sns` message that has a MessageId, TopicArn, Message, Timestamp, and
 * attributes of `{ Type, Value }`. Subject may be absent or null, as SNS sends it.
 */
export function assertSnsEvent(event: unknown): asserts event is SNSEvent {
  const records = check.array(own(check.object(event, '(event)'), 'Records'), 'Records')
  records.forEach((value, index) => {
    const field = `Records[${index}]`
    const record = check.object(value, field)
    if (own(record, 'EventSource') !== 'aws:sns') {
      check.fail(`${field}.EventSource`, '"aws:sns"', own(record, 'EventSource'))
    }
    const sns = check.object(own(record, 'Sns'), `${field}.Sns`)
    check.nonEmptyText(own(sns, 'MessageId'), `${field}.Sns.MessageId`)
    check.nonEmptyText(own(sns, 'TopicArn'), `${field}.Sns.TopicArn`)
    check.text(own(sns, 'Message'), `${field}.Sns.Message`)
    check.text(own(sns, 'Timestamp'), `${field}.Sns.Timestamp`)
    const subject = own(sns, 'Subject')
    if (subject !== null) check.optionalText(subject, `${field}.Sns.Subject`)
    check.optionalEntries(
      own(sns, 'MessageAttributes'),
      `${field}.Sns.MessageAttributes`,
      attribute,
    )
  })
}
