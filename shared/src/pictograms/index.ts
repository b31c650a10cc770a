export * from './catalog'
export { PICTOGRAM_DATA, TABLER_VERSION } from './data'
export * from './search'
export * from './draw'
