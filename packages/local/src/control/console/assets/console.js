// The local console: plain DOM, no framework, no build step. Every value from the runner is
// written as text (never as HTML), so an event or a log line cannot inject markup.

/** @param {string} tag @param {Record<string, unknown>} [attributes] @param {...(Node|string|null|undefined)} children */
const h = (tag, attributes = {}, ...children) => {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) if (child !== null && child !== undefined) element.append(child)
  return element
}
const $ = (id) => document.getElementById(id)
const json = (value) => JSON.stringify(value, null, 2)
const ms = (value) => (value === undefined || value === null ? '' : `${value.toFixed(1)} ms`)
const time = (epoch) => new Date(epoch).toLocaleTimeString()

/** Calls the control API; a problem document's detail becomes the error message. */
const api = async (path, init = {}) => {
  const response = await fetch(`/_local/${path}`, init)
  const text = await response.text()
  const body = text ? JSON.parse(text) : undefined
  if (!response.ok) throw new Error(body?.detail ?? `${response.status} ${response.statusText}`)
  return body
}
const post = (path, body) =>
  api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

const notice = (message) => {
  const element = $('notice')
  element.textContent = message ?? ''
  element.hidden = !message
}
/** Runs an action from a control; a failure is shown, never swallowed. */
const guarded = (action) => async (event) => {
  event?.preventDefault?.()
  notice()
  try {
    await action(event)
  } catch (error) {
    notice(error.message)
  }
}

const state = { invocations: new Map(), handlers: [], catalogue: [], view: 'handlers' }

// ---------- Handlers ----------
/** A declaration value in a few words: a resource by its ref or name, lists joined. */
const brief = (value) => {
  if (Array.isArray(value)) return value.map(brief).join(', ')
  if (value && typeof value === 'object')
    return (
      value.ref ??
      value.name ??
      Object.entries(value)
        .map(([key, inner]) => `${key} ${brief(inner)}`)
        .join(', ')
    )
  return String(value)
}
const triggerText = ({ type, ...rest }) =>
  [type, ...Object.entries(rest).map(([key, value]) => `${key}: ${brief(value)}`)].join(' · ')
const policyText = (policy) =>
  policy
    ? [
        `retries ${policy.maximumRetryAttempts ?? 2}`,
        `max age ${policy.maximumEventAgeInSeconds ?? 21600} s`,
        policy.onFailure
          ? `on failure → ${brief(policy.onFailure.queue)}`
          : 'no on-failure destination',
      ].join(' · ')
    : ''
const renderHandlers = async () => {
  state.handlers = await api('handlers')
  $('handlers-rows').replaceChildren(
    ...state.handlers.map((handler) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, handler.name),
        h(
          'td',
          {},
          h('ul', {}, ...handler.triggers.map((trigger) => h('li', {}, triggerText(trigger)))),
          handler.asyncPolicy ? h('p', { class: 'policy' }, policyText(handler.asyncPolicy)) : null,
        ),
        h('td', {}, String(handler.invocations ?? 0)),
        h('td', {}, String(handler.errors ?? 0)),
        h('td', { class: 'mono' }, handler.lastReport ?? '—'),
      ),
    ),
  )
  const filter = $('filter-handler')
  const chosen = filter.value
  filter.replaceChildren(
    h('option', { value: '' }, 'all'),
    ...state.handlers.map((handler) => h('option', {}, handler.name)),
  )
  filter.value = chosen
}

// ---------- Invocations ----------
const renderInvocationRows = () => {
  // Live updates rebuild the rows: keep the keyboard focus on the row it was on.
  const focused = document.activeElement?.closest?.('tr[data-id]')?.dataset.id
  const handler = $('filter-handler').value
  const status = $('filter-status').value
  const rows = [...state.invocations.values()]
    .filter((one) => (!handler || one.handler === handler) && (!status || one.status === status))
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, 200)
  $('invocation-rows').replaceChildren(
    ...rows.map((one) =>
      h(
        'tr',
        {
          'data-id': one.id,
          tabindex: 0,
          'aria-label': `${one.handler} ${one.status} ${one.id}: open`,
          onclick: () => openInvocation(one.id),
          onkeydown: (event) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault()
              openInvocation(one.id)
            }
          },
        },
        h('td', {}, time(one.startedAt)),
        h('td', {}, one.handler),
        h('td', {}, one.source),
        h('td', { class: 'mono' }, one.id),
        h(
          'td',
          { class: `status-${one.status}` },
          one.status + (one.attempts > 1 ? ` (${one.attempts} attempts)` : ''),
        ),
        h('td', {}, ms(one.durationMs)),
        h('td', {}, ms(one.initDurationMs)),
        h('td', {}, one.maxMemoryUsedMb === undefined ? '' : `${one.maxMemoryUsedMb} MB`),
      ),
    ),
  )
  if (focused)
    $('invocation-rows')
      .querySelector(`tr[data-id="${CSS.escape(focused)}"]`)
      ?.focus()
  $('invocation-count').textContent = `${rows.length} shown of ${state.invocations.size} remembered`
}

const openInvocation = guarded(async (id) => {
  const entry = await api(`invocations/${encodeURIComponent(id)}`)
  const detail = $('invocation-detail')
  detail.hidden = false
  detail.replaceChildren(
    h('h3', {}, `${entry.handler} · ${entry.id}`),
    h('p', {}, `${entry.mode} invocation from ${entry.source}, ${entry.status}`),
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        { type: 'button', onclick: guarded(() => replay(entry, 'direct')) },
        'Replay (direct invoke)',
      ),
      h(
        'button',
        { type: 'button', onclick: guarded(() => replay(entry, 'trigger')) },
        'Replay through its trigger',
      ),
      h('button', { type: 'button', onclick: () => openInInvoke(entry) }, 'Edit in Invoke'),
    ),
    h('h3', {}, 'Event'),
    h('pre', { 'data-part': 'event' }, json(entry.event)),
    ...entry.attempts.flatMap((attempt) => [
      h(
        'h3',
        {},
        `Attempt ${attempt.attempt}: ${attempt.status}, ${ms(attempt.durationMs)}` +
          (attempt.waitedMs !== undefined
            ? ` after waiting ${(attempt.waitedMs / 1000).toFixed(1)} s`
            : ''),
      ),
      h(
        'pre',
        { class: 'logs', 'data-part': 'logs' },
        ...attempt.logs.map((log) =>
          h('span', { class: `log-${log.level}` }, `${log.level.padEnd(5)} ${log.message}\n`),
        ),
        attempt.report,
      ),
      h(
        'pre',
        { 'data-part': attempt.error ? 'error' : 'result' },
        json(attempt.error ?? attempt.result ?? null),
      ),
    ]),
    entry.settled
      ? h(
          'p',
          { class: 'destination' },
          `Ended: ${entry.settled.condition} after ${entry.settled.attempts} attempt(s)`,
          entry.settled.onFailureQueue
            ? h(
                'span',
                {},
                ` → destination record ${entry.settled.messageId} in `,
                h(
                  'a',
                  { href: `#queues/${encodeURIComponent(entry.settled.onFailureQueue)}` },
                  entry.settled.onFailureQueue,
                ),
              )
            : null,
        )
      : null,
  )
  detail.querySelector('h3')?.setAttribute('tabindex', '-1')
  detail.querySelector('h3')?.focus()
})

const replay = async (entry, via) => {
  const outcome = await post(`invoke/${encodeURIComponent(entry.handler)}`, {
    event: entry.event,
    via,
  })
  notice()
  $('live').textContent = `replayed: ${outcome.status ?? outcome.sent}`
}

const openInInvoke = (entry) => {
  location.hash = '#invoke'
  $('invoke-handler').value = entry.handler
  $('invoke-event').value = json(entry.event)
  $('invoke-event').focus()
}

const connectLive = () => {
  const source = new EventSource('/_local/stream')
  source.addEventListener('open', () => {
    $('live').textContent = 'live'
  })
  source.addEventListener('snapshot', (message) => {
    state.invocations = new Map(JSON.parse(message.data).map((one) => [one.id, one]))
    renderInvocationRows()
  })
  source.addEventListener('invocation', (message) => {
    const one = JSON.parse(message.data)
    state.invocations.set(one.id, one)
    renderInvocationRows()
    if (state.view === 'handlers') renderHandlers().catch(() => {})
    if (state.view === 'queues') renderQueues().catch(() => {})
  })
  source.addEventListener('error', () => {
    $('live').textContent = 'disconnected, retrying…'
  })
}

// ---------- Invoke ----------
const TRIGGER_FOR_TYPE = {
  alb: 'alb',
  s3: 's3',
  eventbridge: 'eventbridge',
  sns: 'sns',
  codepipeline: 'codepipeline',
  'cloudwatch-logs': 'cloudwatch-logs',
  sqs: 'sqs',
}

const renderOptions = () => {
  const spec = state.catalogue.find((one) => one.trigger === $('invoke-trigger').value)
  $('invoke-variant').replaceChildren(
    ...(spec?.variants ?? []).map((variant) => h('option', {}, variant)),
  )
  const fields = (spec?.options ?? []).map((option) => {
    const id = `option-${option.name}`
    const input = !option.takesValue
      ? h('input', { id, type: 'checkbox', 'data-option': option.name })
      : option.choices
        ? h(
            'select',
            { id, 'data-option': option.name },
            h('option', { value: '' }, '(default)'),
            ...option.choices.map((choice) => h('option', {}, choice)),
          )
        : option.repeatable
          ? h('textarea', {
              id,
              rows: 2,
              'data-option': option.name,
              'data-repeatable': true,
              placeholder: 'one per line',
            })
          : h('input', { id, 'data-option': option.name })
    return h(
      'span',
      { class: 'field' },
      h('label', { for: id, title: option.description }, option.flags),
      ' ',
      input,
    )
  })
  $('invoke-options').replaceChildren(
    h('legend', {}, 'Event options (as npm run -s event takes them)'),
    h('div', { class: 'row' }, ...fields),
  )
}

const optionValues = () => {
  const options = {}
  for (const input of $('invoke-options').querySelectorAll('[data-option]')) {
    const name = input.dataset.option
    if (input.type === 'checkbox') {
      if (input.checked) options[name] = true
    } else if (input.value !== '') {
      options[name] =
        'repeatable' in input.dataset
          ? input.value.split('\n').filter((one) => one.trim() !== '')
          : input.value
    }
  }
  return options
}

const buildEvent = guarded(async () => {
  const event = await post(`build-event/${encodeURIComponent($('invoke-trigger').value)}`, {
    variant: $('invoke-variant').value,
    options: optionValues(),
  })
  $('invoke-event').value = json(event)
})

const chooseHandler = () => {
  const handler = state.handlers.find((one) => one.name === $('invoke-handler').value)
  const type = handler?.triggers[0]?.type
  if (type && TRIGGER_FOR_TYPE[type]) $('invoke-trigger').value = TRIGGER_FOR_TYPE[type]
  renderOptions()
}

const sendInvoke = guarded(async () => {
  let event
  try {
    event = JSON.parse($('invoke-event').value)
  } catch (error) {
    throw new Error(`The event is not JSON: ${error.message}`)
  }
  const via = document.querySelector('input[name="via"]:checked')?.value ?? 'direct'
  const objectBody = $('invoke-object').value
  $('invoke-result').textContent = 'sending…'
  const outcome = await post(`invoke/${encodeURIComponent($('invoke-handler').value)}`, {
    event,
    via,
    ...(objectBody ? { objectBody } : {}),
  }).catch((error) => {
    $('invoke-result').textContent = ''
    throw error
  })
  $('invoke-result').textContent = json(outcome)
})

const renderInvoke = async () => {
  if (state.catalogue.length === 0) {
    state.catalogue = await api('catalogue')
    $('invoke-trigger').replaceChildren(
      ...state.catalogue.map((one) => h('option', { title: one.description }, one.trigger)),
    )
  }
  if (state.handlers.length === 0) state.handlers = await api('handlers')
  const select = $('invoke-handler')
  const chosen = select.value
  select.replaceChildren(...state.handlers.map((handler) => h('option', {}, handler.name)))
  if (chosen) select.value = chosen
  else chooseHandler()
  if ($('invoke-variant').options.length === 0) renderOptions()
}

// ---------- Queues ----------
const GROUPS = [
  ['application', 'Application queues'],
  ['on-failure', 'On-failure destinations'],
  ['dead-letter', 'Dead-letter queues'],
]

const renderQueues = async () => {
  const queues = await api('queues')
  $('queue-groups').replaceChildren(
    ...GROUPS.map(([group, title]) => {
      const members = queues.filter((queue) => queue.group === group)
      return h(
        'section',
        { 'aria-label': title },
        h('h3', {}, title),
        members.length === 0
          ? h('p', {}, 'none declared')
          : h(
              'table',
              {},
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...['Queue', 'Used by', 'Depth', 'Actions'].map((name) =>
                    h('th', { scope: 'col' }, name),
                  ),
                ),
              ),
              h(
                'tbody',
                {},
                ...members.map((queue) =>
                  h(
                    'tr',
                    {},
                    h('th', { scope: 'row' }, queue.name),
                    h(
                      'td',
                      {},
                      queue.usedBy.join(', ') +
                        (queue.sources.length ? ` (source: ${queue.sources.join(', ')})` : ''),
                    ),
                    h('td', { 'data-depth': queue.name }, String(queue.depth)),
                    h(
                      'td',
                      {},
                      h(
                        'button',
                        {
                          type: 'button',
                          'aria-label': `Messages of ${queue.name}`,
                          onclick: guarded(() => openQueue(queue.name)),
                        },
                        'Messages',
                      ),
                      ' ',
                      h(
                        'button',
                        {
                          type: 'button',
                          'aria-label': `Purge ${queue.name}`,
                          onclick: guarded(() => purge(queue.name)),
                        },
                        'Purge',
                      ),
                    ),
                  ),
                ),
              ),
            ),
      )
    }),
  )
}

const parsed = (body) => {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

const openQueue = async (name) => {
  const queue = await api(`queues/${encodeURIComponent(name)}`)
  const detail = $('queue-detail')
  detail.hidden = false
  detail.replaceChildren(
    h('h3', { tabindex: -1 }, `${queue.name}: ${queue.messages.length} message(s)`),
    ...queue.messages.map((message) => {
      const record = parsed(message.body)
      const isDestinationRecord =
        queue.group === 'on-failure' && record && 'requestPayload' in record
      return h(
        'div',
        { class: 'message', 'data-message': message.messageId },
        h(
          'h3',
          {},
          `Message ${message.messageId} (${message.state}, received ${message.receiveCount}×, sent ${time(message.sentAt)})`,
        ),
        ...(isDestinationRecord
          ? [
              h(
                'p',
                {},
                `Destination record: ${record.requestContext?.condition} after ${record.requestContext?.approximateInvokeCount} attempt(s)`,
              ),
              h('h3', {}, 'Original event'),
              h('pre', { 'data-part': 'original-event' }, json(record.requestPayload)),
              h('h3', {}, 'Error'),
              h('pre', { 'data-part': 'error' }, json(record.responsePayload ?? null)),
            ]
          : [h('pre', { 'data-part': 'body' }, record ? json(record) : message.body)]),
        queue.group === 'application'
          ? null
          : h(
              'button',
              {
                type: 'button',
                'aria-label': `Redrive message ${message.messageId}`,
                onclick: guarded(() => redrive(queue.name, message.messageId)),
              },
              queue.group === 'on-failure'
                ? 'Redrive: invoke with the original event'
                : `Redrive: move back to ${queue.sources.join(', ')}`,
            ),
      )
    }),
  )
  detail.querySelector('h3')?.focus()
}

const redrive = async (queue, messageId) => {
  const outcome = await post(
    `redrive/${encodeURIComponent(queue)}/${encodeURIComponent(messageId)}`,
  )
  $('live').textContent = `redriven to ${outcome.to}`
  await renderQueues()
  await openQueue(queue)
}

const purge = async (queue) => {
  if (!window.confirm(`Purge every message in ${queue}?`)) return
  await post(`purge/${encodeURIComponent(queue)}`)
  await renderQueues()
  $('queue-detail').hidden = true
}

// ---------- Schedules ----------
const renderSchedules = async () => {
  const schedules = await api('schedules')
  $('schedule-rows').replaceChildren(
    ...schedules.map((rule) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, rule.name),
        h('td', {}, rule.handler),
        h('td', { class: 'mono' }, rule.schedule),
        h('td', {}, rule.nextTick ?? '—'),
        h('td', {}, rule.firesAt ? new Date(rule.firesAt).toLocaleTimeString() : '—'),
        h(
          'td',
          {},
          h(
            'button',
            {
              type: 'button',
              'aria-label': `Fire ${rule.name} now`,
              onclick: guarded(async () => {
                await post(
                  `fire/${encodeURIComponent(rule.handler)}/${encodeURIComponent(rule.id)}`,
                )
                $('live').textContent = `fired ${rule.name}`
              }),
            },
            'Fire now',
          ),
        ),
      ),
    ),
  )
}

// ---------- Buckets ----------
const renderBuckets = async () => {
  const buckets = await api('buckets')
  const select = $('upload-bucket')
  const chosen = select.value
  select.replaceChildren(...buckets.map((bucket) => h('option', {}, bucket.name)))
  if (chosen) select.value = chosen
  $('bucket-list').replaceChildren(
    ...buckets.map((bucket) =>
      h(
        'section',
        { 'aria-label': bucket.name },
        h(
          'h3',
          {},
          `${bucket.name} (${bucket.objects.length}${bucket.truncated ? '+' : ''} objects, used by ${bucket.usedBy.join(', ')})`,
        ),
        bucket.objects.length === 0
          ? h('p', {}, 'empty')
          : h(
              'table',
              {},
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ...['Key', 'Size', 'Last modified'].map((name) =>
                    h('th', { scope: 'col' }, name),
                  ),
                ),
              ),
              h(
                'tbody',
                {},
                ...bucket.objects.map((object) =>
                  h(
                    'tr',
                    {},
                    h('td', { class: 'mono' }, object.key),
                    h('td', {}, `${object.size} B`),
                    h('td', {}, object.lastModified ?? ''),
                  ),
                ),
              ),
            ),
      ),
    ),
  )
}

const upload = guarded(async () => {
  const file = $('upload-file').files?.[0]
  if (!file) throw new Error('Choose a file to upload.')
  const key = $('upload-key').value.split('/').map(encodeURIComponent).join('/')
  await api(`upload/${encodeURIComponent($('upload-bucket').value)}/${key}`, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream' },
    body: file,
  })
  $('live').textContent = `uploaded ${$('upload-key').value}`
  await renderBuckets()
})

// ---------- Navigation ----------
const RENDER = {
  handlers: renderHandlers,
  invocations: async () => {
    if (state.handlers.length === 0) await renderHandlers()
    renderInvocationRows()
  },
  invoke: renderInvoke,
  queues: renderQueues,
  schedules: renderSchedules,
  buckets: renderBuckets,
}

const show = guarded(async () => {
  const [view = 'handlers', argument] = location.hash.slice(1).split('/')
  state.view = view in RENDER ? view : 'handlers'
  for (const section of document.querySelectorAll('[data-view]'))
    section.hidden = section.dataset.view !== state.view
  for (const link of document.querySelectorAll('nav a'))
    link.toggleAttribute('aria-current', link.getAttribute('href') === `#${state.view}`)
  for (const link of document.querySelectorAll('nav a[aria-current]'))
    link.setAttribute('aria-current', 'page')
  await RENDER[state.view]()
  if (state.view === 'queues' && argument) await openQueue(decodeURIComponent(argument))
})

$('filter-handler').addEventListener('change', renderInvocationRows)
$('filter-status').addEventListener('change', renderInvocationRows)
$('invoke-trigger').addEventListener('change', renderOptions)
$('invoke-handler').addEventListener('change', chooseHandler)
$('invoke-build').addEventListener('click', buildEvent)
$('invoke-form').addEventListener('submit', sendInvoke)
$('upload-form').addEventListener('submit', upload)
$('invocation-filters').addEventListener('submit', (event) => event.preventDefault())
window.addEventListener('hashchange', show)
connectLive()
show()
