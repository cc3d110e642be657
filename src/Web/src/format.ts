/** Money in Chinese conventions: ¥ with 万元 or 亿元 where the amount is large. */
export function money(yuan: number | null | undefined): string {
  if (yuan === null || yuan === undefined) return '—'
  const abs = Math.abs(yuan)
  if (abs >= 1e8) return `¥${trim(yuan / 1e8)}亿元`
  if (abs >= 1e4) return `¥${trim(yuan / 1e4)}万元`
  return `¥${yuan.toLocaleString('zh-CN')}元`
}

function trim(n: number): string {
  return n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })
}

/** 2025-03-01 → 2025年3月1日 */
export function date(value: string | null | undefined): string {
  if (!value) return '—'
  const [y, m, d] = value.slice(0, 10).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** A timestamp in Beijing time: 2025年3月1日 14:05 */
export function dateTime(value: string | null | undefined): string {
  if (!value) return '—'
  const t = new Date(value)
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(t)
  const get = (type: string) => parts.find(p => p.type === type)?.value ?? ''
  return `${get('year')}年${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`
}

export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined) return '—'
  return `${(share * 100).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`
}

/** Today as the registry counts days (UTC), in the API's form (yyyy-MM-dd): the latest date the picture answers for. */
export function today(): string {
  return new Date().toISOString().slice(0, 10)
}

/** The same day some years later (yyyy-MM-dd): a lease's usual term from its start. */
export function yearsAfter(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number)
  return `${y + years}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}
