export { localResourceName, planResources } from './emulators/resources.ts'
export { discoverHandlers, type LocalHandler } from './function/discover.ts'
export { type Runner, type RunnerOptions, startRunner } from './runner.ts'
export { compileFilterPattern, type LogMatcher } from './triggers/logs/filter-pattern.ts'
