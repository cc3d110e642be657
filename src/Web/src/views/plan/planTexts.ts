// Chinese names of the action plan's codes, as the API's 季报 workbook writes them.
export const statusNames: Record<string, string> = { 'not-started': '未开始', 'in-progress': '进行中', done: '已完成', delayed: '延期' }
export const stateNames: Record<string, string> = { submitted: '待审核', returned: '已退回', accepted: '已通过', missing: '未报送', 'not-required': '无需报送' }
export const stateTypes: Record<string, 'success' | 'warning' | 'danger' | 'info' | 'primary'> = {
  submitted: 'primary', returned: 'warning', accepted: 'success', missing: 'danger', 'not-required': 'info',
}
export const lightNames: Record<string, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' }
export const lightTypes: Record<string, 'success' | 'warning' | 'danger'> = { green: 'success', yellow: 'warning', red: 'danger' }

const quarterNames = ['一', '二', '三', '四']

/** 2021Q3 → 2021年第三季度. */
export function quarterLabel(quarter: string): string {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter)
  return m ? `${m[1]}年第${quarterNames[Number(m[2]) - 1]}季度` : quarter
}

/** Why an item has its light, in words. */
export function reasonText(reason: string, quarter?: string | null): string {
  switch (reason) {
    case 'done': return '已完成'
    case 'overdue': return '逾期未完成'
    case 'report-missing': return quarter ? `${quarterLabel(quarter)}进展未报送` : '进展未报送'
    case 'delayed': return '报告延期'
    case 'due-soon': return '临近期限'
    default: return '正常推进'
  }
}

/** The quarter a day falls in. */
export function quarterOf(day: string): string {
  const [y, m] = day.split('-').map(Number)
  return `${y}Q${Math.floor((m - 1) / 3) + 1}`
}
