import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import { fieldErrors, problemText } from './client'

/**
 * A form's submission: while it runs, `busy`; a refusal puts each field's Chinese message in `errors`
 * (shown beside the field), or, when the problem names no field of the form, in a message at the top.
 * An enterprise's own change that waits for review is answered 202: `proposed` counts those, and the message says so.
 */
export function useSubmit() {
  const busy = ref(false)
  const errors = ref<Record<string, string>>({})
  const proposed = ref(0)

  async function submit(send: () => Promise<{ data?: unknown; error?: unknown; response?: Response }>, done: string): Promise<boolean> {
    busy.value = true
    errors.value = {}
    try {
      const { data, error, response } = await send()
      if (data !== undefined && error === undefined) {
        if (response?.status === 202) {
          proposed.value++
          ElMessage.success('已提交审核，工作人员审核通过后生效')
        } else {
          ElMessage.success(done)
        }
        return true
      }
      errors.value = fieldErrors(error)
      if (Object.keys(errors.value).length === 0) ElMessage.error(problemText(error))
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, errors, proposed, submit }
}
