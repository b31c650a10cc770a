export * from './room'
export * from './wire'
