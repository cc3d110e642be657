import { api } from './client'

/**
 * Today's picture asked for while the cockpit's code is still loading (from the route guard), so that
 * the request and the code travel at the same time; the cockpit takes it once, for its first draw.
 */
let pending: ReturnType<typeof request> | null = null

const request = () => api.GET('/api/picture', { params: { query: {} } })

export function prefetchPicture() {
  pending ??= request()
}

export function takePrefetchedPicture() {
  const taken = pending
  pending = null
  return taken
}
