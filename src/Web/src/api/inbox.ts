import { reactive } from 'vue'
import { ElNotification } from 'element-plus'
import { api, type Schemas } from './client'

// The signed-in person's 待办: the count in the header, the list on its page, the day's digest once per sign-in.
export const inbox = reactive<{ items: Schemas['InboxItemDto'][]; digest: Schemas['InboxDigestDto'] | null; loaded: boolean }>({ items: [], digest: null, loaded: false })

export const inboxKindNames: Record<string, string> = {
  'lease-ending': '租约到期', 'unit-vacant': '长期空置', 'recognition-expiring': '认定到期', 'lead-follow-up': '线索跟进', 'lead-stale': '线索停滞',
  'proposal-pending': '待审核申请', 'proposal-returned': '申请结果', 'filing-due': '年度填报', 'plan-report-due': '进展报送',
}

export async function loadInbox(): Promise<void> {
  const { data } = await api.GET('/api/inbox')
  if (!data) return
  inbox.items = data.items
  inbox.digest = data.digest ?? null
  inbox.loaded = true
}

/** The day's digest, shown once after signing in when anything is open. */
export async function showDigestOnce(who: string): Promise<void> {
  await loadInbox()
  const key = `cv-digest-${who}-${inbox.digest?.day ?? ''}`
  if (!inbox.digest || inbox.items.length === 0 || sessionStorage.getItem(key)) return
  sessionStorage.setItem(key, '1')
  const parts = Object.entries(inbox.digest.byKind).map(([kind, n]) => `${inboxKindNames[kind] ?? kind} ${n} 项`).join('，')
  ElNotification({ title: `今日待办 ${inbox.items.length} 项（新增 ${inbox.digest.newItems} 项）`, message: parts, type: 'info', duration: 8000 })
}
