import { reactive } from 'vue'
import { api, setAntiforgery, type Schemas } from './client'

export type Session = Schemas['SessionDto']

/** Who is signed in, shared by every screen. */
export const session = reactive<{ current: Session | null; loaded: boolean }>({ current: null, loaded: false })

export async function loadSession(): Promise<Session | null> {
  const { data } = await api.GET('/api/session')
  accept(data ?? null)
  session.loaded = true
  return session.current
}

export function accept(current: Session | null) {
  session.current = current
  setAntiforgery(current?.antiforgeryToken)
}

export async function signOut() {
  await api.DELETE('/api/session')
  accept(null)
}

export const roleNames: Record<string, string> = {
  admin: '系统管理员',
  staff: '招商工作人员',
  viewer: '领导/查阅',
  enterprise: '企业用户',
  'park-operator': '园区运营方',
  department: '责任部门',
}

export function hasRole(...roles: string[]): boolean {
  return !!session.current && roles.includes(session.current.role)
}

/** Staff and admins change registry records; a viewer only reads. */
export const canEditAny = () => hasRole('admin', 'staff')
