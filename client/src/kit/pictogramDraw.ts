// The pictograms' drawings and names (about 10 kB gzipped), loaded with import() by pictogramData.ts.
export { pictogramById, pictogramPaths } from '@circleboard/shared'
