// Entry of the version worker when the relay runs from source (tsx: `pnpm dev`, tests, benches).
// Worker threads do not inherit tsx's loader, and the plan code is TypeScript shared with the CLI
// and the client (templates/, shared/): load it through tsx's API (tsx is a runtime dependency).
//
// A bundled relay (esbuild, server/dist/main.js) finds `versionPlanWorker.mjs` beside main.js
// instead: build versionPlanWorker.ts as a second entry with that name, as compactWorker.mjs is.
// Without it the relay still saves versions, making their plans on the main thread.
import { tsImport } from 'tsx/esm/api'

await tsImport('./versionPlanWorker.ts', import.meta.url)
