import { reactive } from 'vue'
import { api } from '../api/client'
import { date, money } from '../format'
import { fundingKindNames, roundNames } from '../names'

// How proposals read in Chinese: the fields, their values, the states.
export const proposalFieldNames: Record<string, string> = {
  name: '企业名称', nameEn: '英文名称', segments: '细分领域', foundedOn: '成立日期', district: '所在区', headcount: '从业人数',
  revenueYuan: '营业收入', rdSpendYuan: '研发投入', financialYear: '财务年度', contacts: '联系人', qualifications: '资质情况',
  product: '新增产品', stage: '产品阶段', funding: '融资记录',
}
const productFieldNames: Record<string, string> = {
  name: '产品名称', kind: '产品类别', registrationClass: '注册分类', indication: '适应症', innovativeDevice: '创新医疗器械',
}
export const proposalKindNames: Record<string, string> = {
  profile: '基本信息', product: '新增产品', 'product-update': '产品信息', stage: '产品阶段', funding: '融资记录',
}
export const proposalStateNames: Record<string, string> = {
  pending: '待审核', accepted: '已通过', 'partly-accepted': '部分通过', rejected: '未通过', withdrawn: '已撤回', lapsed: '已失效',
}
export const proposalStateTypes: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  pending: 'primary', accepted: 'success', 'partly-accepted': 'warning', rejected: 'danger', withdrawn: 'info', lapsed: 'info',
}

/** A proposed field's name, by what the proposal changes (a product's name is not the enterprise's). */
export function proposalFieldName(kind: string | undefined, field: string): string {
  return (kind === 'product-update' ? productFieldNames[field] : proposalFieldNames[field]) ?? field
}

/** What a proposal changes, as a list cell: the kind and, for the profile and a product's description, its fields. */
export function proposalSubject(kind: string, fields: string[], productName?: string | null): string {
  const parts = kind === 'profile' || kind === 'product-update' ? fields.map(f => proposalFieldName(kind, f)).join('、') : ''
  const what = kind === 'profile' ? parts : `${proposalKindNames[kind] ?? kind}${productName ? `（${productName}）` : ''}${parts ? `：${parts}` : ''}`
  return what
}

// Product kinds and stages by code, from the taxonomy (read once).
const codes = reactive({ kinds: {} as Record<string, string>, stages: {} as Record<string, string> })
let asked = false
function taxonomyNames() {
  if (!asked) {
    asked = true
    void api.GET('/api/taxonomy').then(r => {
      for (const k of r.data?.productKinds ?? []) codes.kinds[k.code] = k.name
      for (const s of r.data?.productStages ?? []) codes.stages[s.code] = s.name
    })
  }
  return codes
}

const partNames: Record<string, string> = {
  name: '名称', kind: '类别', registrationClass: '注册分类', indication: '适应症', innovativeDevice: '创新医疗器械', stage: '阶段',
  stageDate: '日期', date: '日期', amount: '金额', roundType: '轮次', investors: '投资方', lender: '贷款方', termMonths: '期限（月）',
  skipped: '跳过阶段', correction: '更正', reason: '原因', note: '说明',
}

/** One part of a whole proposed record (a product, a stage move, a round), as people read it. */
function part(record: string, key: string, value: unknown): string | null {
  const names = taxonomyNames()
  if (value === null || value === undefined || value === '' || value === false || (Array.isArray(value) && value.length === 0)) return null
  if (key === 'currency' || key === 'datePrecision') return null
  let text: string
  if (key === 'kind') text = record === 'funding' ? fundingKindNames[value as string] ?? String(value) : names.kinds[value as string] ?? String(value)
  else if (key === 'stage') text = names.stages[value as string] ?? String(value)
  else if (key === 'skipped') text = (value as string[]).map(s => names.stages[s] ?? s).join('、')
  else if (key === 'roundType') text = roundNames[value as string] ?? String(value)
  else if (key === 'amount') text = money(value as number)
  else if (key === 'date' || key === 'stageDate') text = date(value as string)
  else if (key === 'investors') text = (value as { name: string; lead: boolean }[]).map(i => i.name + (i.lead ? '（领投）' : '')).join('、')
  else if (value === true) text = '是'
  else text = String(value)
  return `${partNames[key] ?? key}：${text}`
}

/** A proposed value as people read it: money in 元 as 万元, lists joined, a whole record by its parts (a line each). */
export function proposalValue(field: string, value: unknown, kind?: string): string {
  if (value === null || value === undefined || value === '') return kind === 'product' || kind === 'funding' ? '（新增）' : '（空）'
  if (kind === 'product-update' && field === 'kind') return taxonomyNames().kinds[value as string] ?? String(value)
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (field.endsWith('Yuan') && typeof value === 'number') return money(value)
  if (Array.isArray(value)) return value.map(v => (typeof v === 'object' && v ? Object.values(v).filter(Boolean).join(' ') : String(v))).join('；') || '（空）'
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).map(([k, v]) => part(field, k, v)).filter(Boolean).join('\n')
  }
  return String(value)
}
