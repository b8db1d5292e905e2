import { handlerVitestConfig } from '../../vitest.shared.ts'

export default handlerVitestConfig
