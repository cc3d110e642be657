import createClient, { type Middleware } from 'openapi-fetch'
import type { paths, components } from './schema'

export type Schemas = components['schemas']

/** A problem document as the API answers every 4xx/5xx (RFC 9457), its messages in Chinese. */
export interface Problem {
  status?: number
  title?: string
  detail?: string
  errors?: Record<string, string[]>
  currentVersion?: number
}

/** The antiforgery token of the signed-in session: every write carries it. */
let antiforgery: string | null = null
export function setAntiforgery(token: string | null | undefined) {
  antiforgery = token ?? null
}

/** The headers a hand-made write (a file upload) carries: the session's antiforgery token and the language. */
export function writeHeaders(): Record<string, string> {
  return antiforgery ? { 'X-CSRF-TOKEN': antiforgery, 'Accept-Language': 'zh-CN' } : { 'Accept-Language': 'zh-CN' }
}

const headers: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', 'zh-CN')
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && antiforgery) {
      request.headers.set('X-CSRF-TOKEN', antiforgery)
    }
    return request
  },
}

/** The registry's API, typed from its OpenAPI document; the session cookie goes with every call. */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' })
api.use(headers)

/** The problem's one-line message for a notification: its detail, else its title. */
export function problemText(problem: unknown, fallback = '操作未完成，请稍后重试。'): string {
  const p = problem as Problem | undefined
  return p?.detail || p?.title || fallback
}

/** Field errors by field name (the API's JSON path, e.g. "headcount" or "lease.unitId"). */
export function fieldErrors(problem: unknown): Record<string, string> {
  const p = problem as Problem | undefined
  const out: Record<string, string> = {}
  for (const [field, messages] of Object.entries(p?.errors ?? {})) {
    out[field] = messages.join('；')
  }
  return out
}

/** The ETag header as the version number it carries ("3" → 3). */
export function etagVersion(response: Response): number | undefined {
  const tag = response.headers.get('ETag')
  return tag ? Number(tag.replaceAll('"', '')) : undefined
}
