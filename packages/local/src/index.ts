export { discoverHandlers, type LocalHandler } from './discover.ts'
export { compileFilterPattern, type LogMatcher } from './filter-pattern.ts'
export { localResourceName, planResources } from './resources.ts'
export { type Runner, type RunnerOptions, startRunner } from './runner.ts'
