/** Chinese names of the registry's coded values the API does not name itself. */

export const fundingKindNames: Record<string, string> = { equity: '股权融资', grant: '政府资助', loan: '贷款' }

export const fundingSourceNames: Record<string, string> = { equity: '股权融资', 'guidance-fund': '政府引导基金', grant: '政府资助', loan: '贷款' }

export const roundNames: Record<string, string> = {
  seed: '种子轮', angel: '天使轮', 'pre-a': 'Pre-A轮', a: 'A轮', 'a+': 'A+轮', 'pre-b': 'Pre-B轮', b: 'B轮', 'b+': 'B+轮', c: 'C轮', d: 'D轮',
  'e-plus': 'E轮及以后', strategic: '战略融资', 'pre-ipo': 'Pre-IPO', ipo: 'IPO', 'follow-on': '增发', other: '其他',
}

export const leadStageNames: Record<string, string> = { lead: '线索', contact: '接洽', visit: '考察', negotiation: '洽谈', signed: '签约', landed: '落地' }

export const leadStatusNames: Record<string, string> = { active: '跟进中', delayed: '延期', dormant: '休眠', lost: '已流失', won: '已落地' }

export const platformKindNames: Record<string, string> = {
  'engineering-centre': '工程技术中心', 'innovation-centre': '创新中心', 'cell-bank': '细胞库', testing: '检验检测平台', 'cro-cdmo': 'CRO/CDMO 平台',
  'gcp-site': 'GCP 临床试验机构', 'p3-lab': 'P3 实验室', 'pilot-plant': '中试平台', 'lab-animals': '实验动物平台', incubator: '孵化器',
  'industrialisation-base': '产业化基地', other: '其他',
}

export const platformStatusNames: Record<string, string> = { planned: '规划中', building: '建设中', operating: '运营中', suspended: '暂停', closed: '已关闭' }

export const enterpriseStatusNames: Record<string, string> = { active: '在册', 'moved-out': '已迁出', deregistered: '已注销', merged: '已合并' }

/** A funding date as precise as it was recorded: 2025年3月, 2025年, or the day. */
export function fundingDate(value: string, precision: string): string {
  const [y, m] = value.split('-').map(Number)
  if (precision === 'year') return `${y}年`
  if (precision === 'month') return `${y}年${m}月`
  const d = Number(value.slice(8, 10))
  return `${y}年${m}月${d}日`
}

/** A unit's fit-out as people list it: GMP B级、洁净、实验排水、排风、冷库. */
export function fitOutParts(f: { gmpGrade?: string | null; cleanRoom: boolean; labDrains: boolean; exhaust: boolean; coldStorage: boolean }): string[] {
  return [f.gmpGrade ? `GMP ${f.gmpGrade}级` : '', f.cleanRoom ? '洁净' : '', f.labDrains ? '实验排水' : '', f.exhaust ? '排风' : '', f.coldStorage ? '冷库' : ''].filter(Boolean)
}

export const leadSourceNames: Record<string, string> = {
  exhibition: '展会', forum: '论坛活动', intermediary: '中介机构', 'existing-enterprise': '存量企业推荐', fund: '基金招商',
  government: '政府推介', online: '网络', 'self-initiated': '企业自荐', other: '其他',
}

export const activityTypeNames: Record<string, string> = {
  visit: '走访', call: '电话', meeting: '会谈', email: '邮件', event: '活动', 'site-inspection': '实地考察', other: '其他',
}

/** The space matcher's reasons (GMP grade B, lab drains, …) as people read them. */
export function matchReason(text: string): string {
  const missing: Record<string, string> = { 'lab drains': '缺实验排水', exhaust: '缺排风', 'cold storage': '缺冷库', 'clean room': '缺洁净车间' }
  if (missing[text]) return missing[text]
  const grade = /^GMP grade (\w)$/.exec(text)
  if (grade) return `GMP 等级未达 ${grade[1]} 级`
  if (text === 'fits') return '面积合适'
  if (text === 'no area given') return '未提出面积需求'
  const larger = /^(\d+)% of the area needed \(larger\)$/.exec(text)
  if (larger) return `面积为需求的 ${larger[1]}%（偏大）`
  const smaller = /^(\d+)% of the area needed$/.exec(text)
  if (smaller) return `面积仅为需求的 ${smaller[1]}%`
  return text
}
