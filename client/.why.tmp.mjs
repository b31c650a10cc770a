import { build } from 'vite'
const targets = process.argv.slice(2)
await build({
  root: process.cwd(), logLevel: 'silent', build: { write: false },
  plugins: [{ name: 'why', buildEnd() {
    const ids = [...this.getModuleIds()]
    const entry = ids.find((i) => i.endsWith('/client/index.html')) ?? ids.find((i) => i.endsWith('src/main.tsx'))
    const prev = new Map([[entry, null]]); const q = [entry]
    while (q.length) { const id = q.shift(); const info = this.getModuleInfo(id); if (!info) continue
      for (const d of info.importedIds) if (!prev.has(d)) { prev.set(d, id); q.push(d) } }
    for (const t of targets) { const hit = [...prev.keys()].find((k) => k.includes(t)); if (!hit) { console.log(t, ': not static'); continue }
      const chain = []; for (let c = hit; c; c = prev.get(c)) chain.push(c.replace(/^.*\/bundle\//, '').replace(/^.*node_modules\//,'nm:'))
      console.log(chain.reverse().join('\n  -> '), '\n') }
  } }],
})
