export * from './corpus/corpus.ts'
export * from './fixtures/index.ts'
