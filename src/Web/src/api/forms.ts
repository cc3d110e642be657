import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import { fieldErrors, problemText } from './client'

/**
 * A form's submission: while it runs, `busy`; a refusal puts each field's Chinese message in `errors`
 * (shown beside the field), or, when the problem names no field of the form, in a message at the top.
 */
export function useSubmit() {
  const busy = ref(false)
  const errors = ref<Record<string, string>>({})

  async function submit(send: () => Promise<{ data?: unknown; error?: unknown }>, done: string): Promise<boolean> {
    busy.value = true
    errors.value = {}
    try {
      const { data, error } = await send()
      if (data !== undefined && error === undefined) {
        ElMessage.success(done)
        return true
      }
      errors.value = fieldErrors(error)
      if (Object.keys(errors.value).length === 0) ElMessage.error(problemText(error))
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, errors, submit }
}
