import { money } from '../format'

// How proposals read in Chinese: the fields, their values, the states.
export const proposalFieldNames: Record<string, string> = {
  name: '企业名称', nameEn: '英文名称', segments: '细分领域', foundedOn: '成立日期', district: '所在区', headcount: '从业人数',
  revenueYuan: '营业收入', rdSpendYuan: '研发投入', financialYear: '财务年度', contacts: '联系人', qualifications: '资质情况',
}
export const proposalStateNames: Record<string, string> = {
  pending: '待审核', accepted: '已通过', 'partly-accepted': '部分通过', rejected: '未通过', withdrawn: '已撤回', lapsed: '已失效',
}
export const proposalStateTypes: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  pending: 'primary', accepted: 'success', 'partly-accepted': 'warning', rejected: 'danger', withdrawn: 'info', lapsed: 'info',
}

/** A proposed value as people read it: money in 元 as 万元, lists joined, objects by their parts. */
export function proposalValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）'
  if (field.endsWith('Yuan') && typeof value === 'number') return money(value)
  if (Array.isArray(value)) return value.map(v => (typeof v === 'object' && v ? Object.values(v).filter(Boolean).join(' ') : String(v))).join('；') || '（空）'
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null).map(([k, v]) => `${k}: ${v}`).join('，')
  return String(value)
}
