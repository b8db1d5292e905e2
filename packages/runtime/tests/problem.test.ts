import { describe, expect, it } from 'vitest'
import { PROBLEM_CONTENT_TYPE, problemResponse, statusDescription } from '../src/index.ts'

describe('problemResponse', () => {
  it('answers an RFC 9457 document whose title is the status phrase', () => {
    const response = problemResponse(409, 'A request with this key is still running.', {
      headers: { 'retry-after': '2' },
    })
    expect(response).toEqual({
      statusCode: 409,
      statusDescription: '409 Conflict',
      headers: { 'retry-after': '2', 'content-type': PROBLEM_CONTENT_TYPE },
      body: expect.any(String),
      isBase64Encoded: false,
    })
    expect(JSON.parse(response.body ?? '')).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'A request with this key is still running.',
    })
  })

  it('keeps extensions beside the standard members, which they cannot overwrite', () => {
    const response = problemResponse(422, 'The body is not a job.', {
      headers: { 'content-type': 'text/html' },
      extensions: { errors: [{ field: 'type' }], status: 200, title: 'OK' },
    })
    expect(response.headers?.['content-type']).toBe(PROBLEM_CONTENT_TYPE)
    const body = JSON.parse(response.body ?? '')
    expect(body).toMatchObject({
      status: 422,
      title: 'Unprocessable Entity',
      errors: [{ field: 'type' }],
    })
  })

  it('names an unknown status "Unknown" rather than failing', () => {
    expect(statusDescription(599)).toBe('599 Unknown')
    expect(JSON.parse(problemResponse(599, 'x').body ?? '').title).toBe('Unknown')
  })
})
