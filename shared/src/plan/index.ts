// The plan model and its renderers (docs/plan-format.md).
export * from './model'
export * from './actions'
export * from './markdown'
export * from './csv'
export * from './html'
export * from './format'
export * from './diff'
export * from './diffRender'
