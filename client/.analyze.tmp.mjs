import { build } from 'vite'
const res = {}
await build({
  root: process.cwd(),
  logLevel: 'warn',
  build: { write: false },
  plugins: [{
    name: 'sizes',
    generateBundle(_, bundle) {
      for (const [f, c] of Object.entries(bundle)) {
        if (c.type !== 'chunk') continue
        const groups = {}
        for (const [id, m] of Object.entries(c.modules)) {
          let g
          const mm = id.match(/node_modules\/\.pnpm\/[^/]+\/node_modules\/((@[^/]+\/)?[^/]+)/)
          if (mm) g = 'npm:' + mm[1]
          else g = id.replace(/^.*\/bundle\//, '')
          groups[g] = (groups[g] || 0) + m.renderedLength
        }
        console.log('CHUNK', f, c.isEntry, c.isDynamicEntry, c.code.length)
        for (const [g, s] of Object.entries(groups).sort((a, b) => b[1] - a[1])) if (s > 1500 || process.env.ALL) console.log('  ', (s/1024).toFixed(1), g)
      }
    },
  }],
})
