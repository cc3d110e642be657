import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router'
import { loadSession, session } from './api/session'
import { prefetchPicture, settlePrefetch } from './api/prefetch'

declare module 'vue-router' {
  interface RouteMeta {
    /** Roles that may open the screen; any signed-in caller when left out. */
    roles?: string[]
    /** Screens open without signing in. */
    public?: boolean
    title?: string
  }
}

const readers = ['admin', 'staff', 'viewer']
const registry = [...readers, 'enterprise', 'park-operator']

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', component: () => import('./views/SignIn.vue'), meta: { public: true, title: '登录' } },
    { path: '/password', component: () => import('./views/ChangePassword.vue'), meta: { title: '修改密码' } },
    {
      path: '/',
      component: () => import('./layouts/ConsoleLayout.vue'),
      children: [
        { path: '', name: 'home', redirect: home },
        {
          path: 'cockpit', component: () => import('./views/Cockpit.vue'), meta: { roles: readers, title: '驾驶舱' },
          beforeEnter: to => { if (Object.keys(to.query).length === 0) prefetchPicture() },
        },
        { path: 'enterprises', component: () => import('./views/Enterprises.vue'), meta: { roles: registry, title: '企业' } },
        { path: 'enterprises/:code', component: () => import('./views/EnterpriseProfile.vue'), meta: { roles: registry, title: '企业档案' } },
        { path: 'parks', component: () => import('./views/Parks.vue'), meta: { roles: readers, title: '园区' } },
        { path: 'parks/:id', component: () => import('./views/Park.vue'), meta: { roles: [...readers, 'park-operator'], title: '园区租控' } },
        { path: 'leads', component: () => import('./views/Leads.vue'), meta: { roles: readers, title: '招商线索' } },
        { path: 'leads/new', component: () => import('./views/LeadNew.vue'), meta: { roles: ['admin', 'staff'], title: '新建线索' } },
        { path: 'leads/:id', component: () => import('./views/Lead.vue'), meta: { roles: readers, title: '线索详情' } },
        { path: 'platforms', component: () => import('./views/Platforms.vue'), meta: { roles: readers, title: '公共服务平台' } },
        { path: 'plan', component: () => import('./views/Plan.vue'), meta: { roles: [...readers, 'department'], title: '行动方案' } },
        { path: 'plan/inbox', component: () => import('./views/plan/PlanQuarter.vue'), beforeEnter: inbox, meta: { roles: [...readers, 'department'], title: '本部门待报' } },
        { path: 'plan/:id/items/:number', component: () => import('./views/plan/PlanItem.vue'), meta: { roles: [...readers, 'department'], title: '事项进展' } },
        { path: 'plan/:id/quarters/:quarter', component: () => import('./views/plan/PlanQuarter.vue'), meta: { roles: [...readers, 'department'], title: '季度报送' } },
        { path: 'plan/:id/quarters/:quarter/report', component: () => import('./views/plan/QuarterlyReport.vue'), meta: { roles: [...readers, 'department'], title: '季报' } },
        { path: 'graph', component: () => import('./views/Graph.vue'), meta: { roles: readers, title: '产业链图谱' } },
        { path: 'filings', component: () => import('./views/Filings.vue'), meta: { roles: readers, title: '年度数据填报' } },
        { path: 'inbox', component: () => import('./views/Inbox.vue'), meta: { title: '我的待办' } },
        { path: 'proposals', component: () => import('./views/Proposals.vue'), meta: { roles: readers, title: '信息审核' } },
        { path: 'imports', redirect: '/imports/enterprises' },
        { path: 'imports/:kind', component: () => import('./views/Import.vue'), meta: { roles: ['admin', 'staff'], title: '表格导入' } },
        { path: 'admin/accounts', component: () => import('./views/Accounts.vue'), meta: { roles: ['admin'], title: '账户管理' } },
        { path: '403', component: () => import('./views/Forbidden.vue'), meta: { title: '无权访问' } },
        { path: ':rest(.*)*', component: () => import('./views/NotFound.vue'), meta: { title: '页面不存在' } },
      ],
    },
  ],
})

/** Where each role starts: leadership and staff on the cockpit, an enterprise on its own profile. */
function home(): string {
  const current = session.current
  if (current?.role === 'enterprise' && current.scope) return `/enterprises/${current.scope}`
  if (current?.role === 'park-operator' && current.scope) return `/parks/${current.scope}`
  if (current?.role === 'department') return '/plan/inbox'
  return '/cockpit'
}

/** A department's inbox: the current quarter's reporting cycle of the newest plan, or the last quarter of a plan already ended. */
async function inbox(): Promise<string> {
  const { api } = await import('./api/client')
  const { data } = await api.GET('/api/plans')
  const plan = (data ?? []).slice().sort((a, b) => a.periodFrom.localeCompare(b.periodFrom)).at(-1)
  if (!plan) return '/plan'
  const day = new Date().toISOString().slice(0, 10) < plan.periodTo ? new Date().toISOString().slice(0, 10) : plan.periodTo
  const [y, m] = day.split('-').map(Number)
  return `/plan/${plan.id}/quarters/${y}Q${Math.floor((m - 1) / 3) + 1}`
}

router.beforeEach(async (to: RouteLocationNormalized) => {
  if (!session.loaded) await loadSession()
  if (to.meta.public) return true
  const current = session.current
  if (!current) return { path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  if (current.account?.mustChangePassword && to.path !== '/password') return '/password'
  if (to.meta.roles && !to.meta.roles.includes(current.role)) return '/403'
  return true
})

// After the screen's code has loaded: the cockpit's first render has its figures (asked for in beforeEnter).
router.beforeResolve(async () => {
  await settlePrefetch()
})

router.afterEach(to => {
  document.title = to.meta.title ? `${to.meta.title} - 细胞谷产业集群登记系统` : '细胞谷产业集群登记系统'
})
