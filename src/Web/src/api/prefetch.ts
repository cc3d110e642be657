import { api } from './client'

/**
 * Today's picture asked for while the cockpit's code is still loading (from the route guard), so that
 * the request and the code travel at the same time; the navigation waits for it once the code is
 * there, and the cockpit draws its figures in its very first render.
 */
type Answer = Awaited<ReturnType<typeof request>>

let pending: Promise<Answer> | null = null
let ready: Answer | null = null

const request = () => api.GET('/api/picture', { params: { query: {} } })

export function prefetchPicture() {
  pending ??= request()
}

/** Waits for the picture asked for by prefetchPicture, if any (called before the cockpit renders). */
export async function settlePrefetch() {
  if (!pending) return
  try {
    ready = await pending
  } catch {
    ready = null
  } finally {
    pending = null
  }
}

/** The prefetched answer, once; null when there is none (the cockpit then asks itself). */
export function takePrefetchedPicture(): Answer | null {
  const taken = ready
  ready = null
  return taken
}
