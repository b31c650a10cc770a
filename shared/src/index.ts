export * from './room'
export * from './wire'
export * from './syncState'
export * from './doclayout'
